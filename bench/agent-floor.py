#!/usr/bin/env python3
"""The load agent against the floor of its idle duties without Quarkus (issue 21; not part of ./mvnw verify).

Starts a broker of its own as bench/agent-ab.py does, compiles bench/AgentFloor.java against the packaged agent's
Kafka client, Jackson and wire-model jars, then runs in turn (floor, agent, floor, agent, ...), each alone beside the
broker with the same JVM flags as `./stress up` gives the agent: AgentFloor (the agent's idle Kafka traffic, procfs
reads and health endpoint on the plain Kafka clients and the JDK's HTTP server) and the packaged agent. Same columns
as bench/agent-ab.py: seconds to ready, CPU to ready, CPU over ready+30 s to +60 s, RSS at ready+60 s, threads.

    bench/agent-floor.py [--runs 2] [--threads] [--window 30 60] [--floor-args SAMPLE_MS WATCH_MS] [--floor-only]
                         [--home CHECKOUT]

--window moves the idle window (seconds after ready); --floor-args gives AgentFloor's sample and broker-watch periods
(default 1000 1000, the agent's idle rates; 0 leaves a duty out) to see what each duty costs.

Build the checkout first (`./mvnw -q package -DskipTests`). Needs Linux /proc, a JDK on PATH and Python 3.
"""
import argparse
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("agent_ab", os.path.join(HERE, "agent-ab.py"))
ab = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ab)

# What AgentFloor needs of the agent's own dependencies: the same versions the agent runs on.
FLOOR_JARS = ["org.apache.kafka.kafka-clients-", "com.fasterxml.jackson.core.", "io.stressfw.stress-model-",
              "org.slf4j.slf4j-api-", "at.yawk.lz4.", "org.xerial.snappy.", "com.github.luben.zstd-jni-"]


def floor_classpath(app):
    jars = [jar for jar in sorted(glob.glob(os.path.join(app, "lib", "main", "*.jar")))
            if any(os.path.basename(jar).startswith(prefix) for prefix in FLOOR_JARS)]
    if len(jars) < len(FLOOR_JARS):
        sys.exit(f"{app}/lib/main lacks some of {FLOOR_JARS}")
    return jars


def compile_floor(work, jars):
    classes = os.path.join(work, "floor-classes")
    os.makedirs(classes, exist_ok=True)
    subprocess.run(["javac", "-nowarn", "-d", classes, "-cp", os.pathsep.join(jars), os.path.join(HERE, "AgentFloor.java")],
                   check=True)
    return classes


def run_floor(classpath, bootstrap, work, threads, floor_args):
    data = os.path.join(work, "floor")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    port = ab.free_port()
    command = ["java"] + ab.FLAGS + ["-cp", classpath, "AgentFloor", bootstrap, str(port)] + [str(a) for a in floor_args]
    return ab.measure("floor", command, dict(os.environ, MALLOC_ARENA_MAX="2"), port, data, threads)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threads", action="store_true")
    parser.add_argument("--window", type=int, nargs=2, default=[ab.IDLE_FROM_S, ab.IDLE_TO_S])
    parser.add_argument("--floor-args", type=int, nargs=2, default=[1000, 1000])
    parser.add_argument("--floor-only", action="store_true", help="leave the packaged agent out")
    parser.add_argument("--home", default=os.path.dirname(HERE))
    args = parser.parse_args()
    ab.IDLE_FROM_S, ab.IDLE_TO_S = args.window
    app = os.path.join(args.home, "load-agent-service", "target", "quarkus-app")
    if not os.path.isfile(os.path.join(app, "quarkus-run.jar")):
        sys.exit(f"{app}: no quarkus-run.jar; build the checkout first")
    work = tempfile.mkdtemp(prefix="agent-floor-")
    jars = floor_classpath(app)
    classpath = os.pathsep.join([compile_floor(work, jars)] + jars)
    broker, bootstrap = ab.start_broker(args.home, work)
    try:
        print(f"broker {bootstrap}; idle window ready+{ab.IDLE_FROM_S} s to +{ab.IDLE_TO_S} s; "
              f"AgentFloor sample / broker watch every {args.floor_args[0]} / {args.floor_args[1]} ms\n")
        print("| process | ready (s) | CPU to ready (s) | idle CPU % of one core | RSS at the window's end (MB) | threads |")
        print("|---|---:|---:|---:|---:|---:|")
        last = {}
        for _ in range(args.runs):
            row, last["floor"] = run_floor(classpath, bootstrap, work, args.threads, args.floor_args)
            print(row, flush=True)
            if not args.floor_only:
                row, last["agent"] = ab.run("agent", app, bootstrap, work, args.threads)
                print(row, flush=True)
        ab.print_busiest(last)
    finally:
        ab.stop_broker(broker, work)


if __name__ == "__main__":
    main()
