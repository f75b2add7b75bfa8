#!/usr/bin/env python3
"""The demo's CRITICAL phase with another tenant's CPU burst in its hold (not part of ./mvnw verify).

CRITICAL as in config/demo_cycles.yaml (90-95 %, its rule cpu_usage 99 for 500 ms), memory off (the demo caps the
agent's memory, a plain `./stress up` does not), a python process burning DUTY of one core for SECONDS starting one
second into the hold: what a burst of the hypervisor's steal or a neighbour does to the host. Needs `./stress up`
running on this machine. Prints per run the outcome, the host's busy share every 100 ms from 0.5 s before the burst,
the phase's CPU achieved and the steal, then how many runs safety aborted.

usage: bench/critical-burst.py RUNS DUTY SECONDS     (DUTY 0: no burst)
"""
import json
import subprocess
import sys
import threading
import time
import urllib.request

BASE = "http://localhost:8000"
PLAN = """phases:
  critical: {min_load: 90, max_load: 95, duration_seconds: 8, ramp_up_seconds: 2, ramp_down_seconds: 2,
             cpu_weight: 1.0, memory_weight: 0, io_weight: 0.5, network_weight: 0.5,
             safety_thresholds: {cpu_usage: 99, memory_usage: 90}}
"""
BURN = """
import sys, time
duty, seconds = float(sys.argv[1]), float(sys.argv[2])
end = time.time() + seconds
while time.time() < end:
    start = time.time()
    while time.time() - start < 0.1 * duty:
        pass
    time.sleep(0.1 * (1 - duty))
"""


def call(method, path, body=None):
    request = urllib.request.Request(BASE + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=90) as answer:
        return json.loads(answer.read() or b"{}")


def cpu_times():
    return list(map(int, open("/proc/stat").readline().split()[1:]))


def sample_busy(series, seconds):
    previous = cpu_times()
    for _ in range(int(seconds * 10)):
        time.sleep(0.1)
        now = cpu_times()
        delta = [n - p for n, p in zip(now, previous)]
        previous = now
        total = sum(delta)
        series.append(round(100 * (total - delta[3] - delta[4]) / max(1, total)))


def main():
    runs, duty, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    aborted = 0
    for run in range(runs):
        cycle = call("POST", "/cycle/start", {"wait_for_fit": 60, "plan": PLAN})["cycle_id"]
        while call("GET", "/status").get("stage") != "hold":
            time.sleep(0.1)
        series = []
        if duty > 0:
            time.sleep(0.5)
            sampler = threading.Thread(target=sample_busy, args=(series, seconds + 2.5))
            sampler.start()
            time.sleep(0.5)
            subprocess.Popen([sys.executable, "-c", BURN, str(duty), str(seconds)])
            sampler.join()
        while True:
            report = call("GET", "/cycles/" + cycle)
            if report.get("outcome") not in (None, "running"):
                break
            time.sleep(0.5)
        phase = report["phases"][0]
        host = next(iter(phase["host_metrics"].values()))
        aborted += report["aborted_by"] == "safety"
        print(f"run {run}: {report['outcome']} (aborted by {report['aborted_by']}), CPU achieved "
              f"{phase['resources']['cpu']['achieved_percent']} of 95, steal mean {host['cpu_steal']['mean']}, "
              f"{[v.get('message') for v in report.get('violations', [])]}", flush=True)
        if series:
            print("   busy % every 100 ms from 0.5 s before the burst:", series, flush=True)
        time.sleep(3)
    print(f"aborted by safety: {aborted} of {runs}")


if __name__ == "__main__":
    main()
