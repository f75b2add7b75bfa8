#!/usr/bin/env bash
# The whole machine paused mid-cycle (a VM snapshot or a live migration): every process of `./stress up` (broker,
# services, agent) gets SIGSTOP at once, SECONDS later SIGCONT, 5 s into a LIGHT hold; then the cycle and agent-1 are
# watched every 0.5 s for 8 s, and once more 20 s after the resume. Prints whether the cycle went on, agent-1's lease
# and command sequence after the resume, and why anything stopped; then stops the cycle and everything.
#
#   bench/machine-pause.sh [SECONDS=6] [RUNS=1]     (run from the checkout; build first: ./stress up builds when needed)
set -u
cd "$(dirname "$0")/.."
secs=${1:-6}; runs=${2:-1}
for run in $(seq 1 "$runs"); do
  out=$(mktemp -d /tmp/machine-pause.XXXX)
  setsid ./stress up > "$out/up.log" 2>&1 &
  launcher=$!
  until grep -q "Press Ctrl-C" "$out/up.log"; do
    sleep 0.2
    kill -0 $launcher 2>/dev/null || { echo "./stress up ended:"; tail -5 "$out/up.log"; exit 1; }
  done
  sleep 15
  pids=$(pgrep -f -d ' ' "java.*(quarkus-run|kafka-broker|EmbeddedKafka|kafka\.Kafka)")
  /usr/bin/python3 - "$secs" "$pids" "$out/up.log" "$run" <<'PY'
import json, os, re, signal, sys, time, urllib.request
secs, pids, up_log, run = float(sys.argv[1]), [int(p) for p in sys.argv[2].split()], sys.argv[3], sys.argv[4]
def call(method, url, body=None):
    req = urllib.request.Request(url, method=method, data=body and json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
orch = "http://localhost:8000"
agent = re.search(r"agent-1\s+(http://\S+)", open(up_log).read()).group(1)
cycle = call("POST", orch + "/cycle/start", {"phases": ["light"]})["cycle_id"]
while call("GET", orch + "/status").get("stage") != "hold":
    time.sleep(0.5)
time.sleep(5)
before = call("GET", agent + "/agent/status")
for p in pids:
    os.kill(p, signal.SIGSTOP)
time.sleep(secs)
for p in pids:
    os.kill(p, signal.SIGCONT)
rows = []
for i in range(16):
    time.sleep(0.5)
    s, a = call("GET", orch + "/status"), call("GET", agent + "/agent/status")
    rows.append((s["state"], a["state"], a.get("sequence"), a.get("lease_remaining_ms")))
time.sleep(12)
s, a = call("GET", orch + "/status"), call("GET", agent + "/agent/status")
went_on = s["state"] == "running" and s.get("cycle_id") == cycle and a["state"] == "running"
print(f"run {run}: paused {secs:.0f} s (processes {len(pids)}); 20 s after the resume the cycle "
      + ("went on" if went_on else "STOPPED"))
print(f"  agent-1 before: sequence {before.get('sequence')}, lease left {before.get('lease_remaining_ms')} ms")
print("  after the resume, every 0.5 s (cycle, agent, sequence, lease left ms):")
print("   ", "; ".join(f"{r[0]}/{r[1]}/{r[2]}/{r[3]}" for r in rows[::2]))
if not went_on:
    d = call("GET", orch + "/cycles/" + cycle)
    print("  cycle:", d["outcome"], d.get("aborted_by"), d.get("reason"), "| agent:", a.get("last_stop_reason"))
if s["state"] != "idle":
    call("POST", orch + "/cycle/stop", {})
PY
  kill -TERM -- -$launcher 2>/dev/null; wait $launcher 2>/dev/null
done
