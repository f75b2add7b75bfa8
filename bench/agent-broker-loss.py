#!/usr/bin/env python3
"""One agent when its broker dies: its own CPU after, and how long it takes to exit on SIGTERM (not part of ./mvnw verify).

Starts a broker of its own and the packaged agent beside it as bench/agent-ab.py does (the launcher's JVM flags),
waits 40 s after ready, measures the agent's CPU for 10 s, SIGKILLs the broker, measures the agent's CPU over
0-0.5 s, 0.5-1 s, 1-2 s, 2-5 s and 5-15 s after (% of one core) and its busiest threads over 15-30 s, then sends
SIGTERM and times the exit (up to 120 s). Prints the agent's log lines of its shutdown.

    bench/agent-broker-loss.py [--home CHECKOUT]

Build the checkout first (`./mvnw -q package -DskipTests`). Needs Linux /proc, a JDK on PATH and Python 3.
"""
import argparse
import importlib.util
import os
import signal
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("agent_ab", os.path.join(HERE, "agent-ab.py"))
ab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ab)


def cpu_over(pid, label, seconds):
    before, started = ab.cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    share = 100 * (ab.cpu_seconds(pid) - before) / (time.monotonic() - started)
    print(f"| {label} | {share:.2f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", default=os.path.dirname(HERE))
    args = parser.parse_args()
    app = os.path.join(args.home, "load-agent-service", "target", "quarkus-app")
    work = tempfile.mkdtemp(prefix="agent-broker-loss-")
    broker, bootstrap = ab.start_broker(args.home, work)
    data = os.path.join(work, "agent")
    os.makedirs(data)
    port = ab.free_port()
    env = dict(os.environ, STRESS_INSTANCE_ID="broker-loss-agent", QUARKUS_HTTP_PORT=str(port),
               QUARKUS_HTTP_HOST="127.0.0.1", KAFKA_BOOTSTRAP_SERVERS=bootstrap, STRESS_DATA_DIR=data,
               STRESS_AGENT_LOAD_GENERATORS_IO_SCRATCH_DIR=os.path.join(data, "scratch"), MALLOC_ARENA_MAX="2")
    log_path = os.path.join(data, "agent.log")
    with open(log_path, "w") as log:
        agent = subprocess.Popen(["java"] + ab.FLAGS + ["-jar", os.path.join(app, "quarkus-run.jar")], env=env,
                                 stdout=log, stderr=subprocess.STDOUT)
    try:
        ab.await_ready(agent, port, "the agent", log_path)
        time.sleep(40)
        print("| window | agent CPU (% of one core) |\n|---|---:|")
        cpu_over(agent.pid, "idle, broker up (10 s)", 10)
        os.kill(broker.pid, signal.SIGKILL)
        for label, seconds in (("0-0.5 s after the broker's SIGKILL", 0.5), ("0.5-1 s", 0.5), ("1-2 s", 1),
                               ("2-5 s", 3), ("5-15 s", 10)):
            cpu_over(agent.pid, label, seconds)
        threads_from, started = ab.thread_cpu(agent.pid), time.monotonic()
        time.sleep(15)
        threads_to, names = ab.thread_cpu(agent.pid), ab.java_thread_names(agent.pid)
        span = time.monotonic() - started
        print("\nbusiest threads 15-30 s after (% of one core):")
        for share, name in sorted(((100 * (v - threads_from.get(tid, 0)) / span, names.get(tid, str(tid)))
                                   for tid, v in threads_to.items()), reverse=True)[:8]:
            print(f"  {share:5.2f}  {name}")
        signalled = time.monotonic()
        agent.terminate()
        try:
            agent.wait(120)
            print(f"\nSIGTERM to exit: {time.monotonic() - signalled:.1f} s")
        except subprocess.TimeoutExpired:
            print("\nstill running 120 s after SIGTERM; killed")
        with open(log_path) as f:
            for line in f:
                if "(Shutdown thread)" in line:
                    print("  " + line.rstrip()[:200])
    finally:
        if agent.poll() is None:
            agent.kill()
        ab.stop_broker(broker, work)


if __name__ == "__main__":
    main()
