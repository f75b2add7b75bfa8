#!/usr/bin/env bash
# The seed README's example file as a new user brings it (issue 22; not part of ./mvnw verify):
# `./stress up --config` the seed's stress_cycles.yaml (LIGHT 10-25 %, safety_thresholds cpu_usage: 40), then, DELAY
# seconds after ready, the seed's first example for that phase (POST /cycle/start {"phases": ["light"]}); watches the
# host every 100 ms (busy share of all cores, /proc/stat, as metrics-service samples it) for WATCH seconds; prints
# the start's answer, the cycle's outcome, safety's violations and the host during the phase; then stops everything.
#
#   bench/seed-light.sh [DELAY=0] [WATCH=60]     (run from the checkout; build first: ./stress up builds when needed)
set -u
cd "$(dirname "$0")/.."
delay=${1:-0}; watch=${2:-60}
out=$(mktemp -d /tmp/seed-light.XXXX)
./stress up --config stress-plan/src/test/resources/seed_stress_cycles.yaml > "$out/up.log" 2>&1 &
launcher=$!
until grep -q "Press Ctrl-C" "$out/up.log"; do
  sleep 0.2
  kill -0 $launcher 2>/dev/null || { echo "./stress up ended:"; tail -5 "$out/up.log"; exit 1; }
done
sleep "$delay"
python3 - "$out/host.tsv" "$watch" <<'PY' &
import sys, time
out, watch = sys.argv[1], float(sys.argv[2])
def stat():
    v = list(map(int, open('/proc/stat').readline().split()[1:]))
    return sum(v), v[3] + v[4]
t0 = time.time(); prev = stat()
with open(out, 'w') as f:
    while time.time() - t0 < watch:
        time.sleep(0.1)
        cur = stat(); total, idle = cur[0] - prev[0], cur[1] - prev[1]; prev = cur
        f.write(f"{time.time() - t0:.1f}\t{100 * (total - idle) / max(total, 1):.1f}\n"); f.flush()
PY
sampler=$!
code=$(curl -s -o "$out/start.json" -w '%{http_code}' -XPOST localhost:8000/cycle/start \
  -H 'content-type: application/json' -d '{"phases": ["light"]}')
wait $sampler
curl -s localhost:8000/cycles > "$out/cycles.json"
curl -s localhost:8001/safety/violations > "$out/violations.json"
./stressctl stop > /dev/null 2>&1
kill -TERM $launcher; wait $launcher
python3 - "$out" "$code" "$delay" <<'PY'
import json, sys
out, code, delay = sys.argv[1], sys.argv[2], sys.argv[3]
print(f"start {delay} s after ready: HTTP {code}")
if code != '202':
    print("  " + open(f"{out}/start.json").read()[:400])
cycles = json.load(open(f"{out}/cycles.json"))
cycles = cycles if isinstance(cycles, list) else cycles.get('cycles', [])
if cycles:
    c = cycles[-1]
    print(f"cycle {c['cycle_id']}: {c['outcome']}" + (f" by {c['aborted_by']} after {c['duration_seconds']} s" if c.get('aborted_by') else ""))
for v in json.load(open(f"{out}/violations.json")):
    print("  violation: " + v['message'])
host = [float(l.split()[1]) for l in open(f"{out}/host.tsv")]
run = best = 0
for b in host:
    run = run + 1 if b > 40 else 0; best = max(best, run)
if host:
    print(f"host over the watch: mean {sum(host) / len(host):.1f} %, max {max(host):.0f} %, "
          f"longest run over 40 %: {best * 100} ms ({len(host)} samples)")
PY
