#!/usr/bin/env python3
"""Two builds of the load agent side by side: start-up and idle cost (issue 21; not part of ./mvnw verify).

Starts an embedded broker of its own (the checkout's `kafka-broker`, a free port, deleted at the end), then starts an
agent from each packaged build in turn, alternating (A, B, A, B, ...), each alone beside the broker with the JVM flags
and environment of `./stress up` (`ServiceJvmOptions`). Per run it prints: seconds until `/q/health/ready` answers
200, the JVM's CPU seconds until then, its CPU over the idle window (ready+30 s to ready+60 s, % of one core), its
RSS at ready+60 s and its thread count; with --threads, also the busiest threads of each build's last run over the
idle window (full Java names from `jcmd Thread.print`).

    bench/agent-ab.py --a DIR --b DIR [--runs 3] [--threads] [--home CHECKOUT] [--jvm-a FLAGS] [--jvm-b FLAGS]

DIR is a `quarkus-app` directory: the checkout's `load-agent-service/target/quarkus-app`, or a copy of an earlier
build (`cp -r load-agent-service/target/quarkus-app /tmp/agent-before` before rebuilding). Build the checkout first
(`./mvnw -q package -DskipTests`). --jvm-a and --jvm-b append JVM flags to A's or B's command (a later -XX flag wins),
to compare flags on one build: `--a D --b D --jvm-a "-XX:CompileThresholdScaling=1"`. Needs Linux /proc, a JDK on
PATH and Python 3 (standard library only).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")
IDLE_FROM_S, IDLE_TO_S = 30, 60
FLAGS = ["-XX:+UseSerialGC", "-Xms8m", "-Xmx256m", "-Xmn4m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
         "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1", "-XX:-UsePerfData",
         "-XX:TrimNativeHeapInterval=5000",
         "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote"]

BROKER_SOURCE = """
import io.stressfw.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
public class AbBroker {
    public static void main(String[] args) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(Path.of(args[0])).build()) {
            System.out.println("BOOTSTRAP " + broker.start());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until the bench closes its stdin.
            }
        }
    }
}
"""


def physical_memory_mb():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    return 1024


def cpu_seconds(pid, tid=None):
    path = f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat"
    with open(path, "rb") as f:
        raw = f.read()
    fields = raw[raw.rfind(b")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def thread_cpu(pid):
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            result[int(tid)] = cpu_seconds(pid, tid)
        except OSError:
            pass
    return result


def java_thread_names(pid):
    out = subprocess.run(["jcmd", str(pid), "Thread.print"], capture_output=True, text=True).stdout
    names = {}
    for match in re.finditer(r'^"([^"]+)".*nid=(0x[0-9a-f]+)', out, re.M):
        names[int(match.group(2), 16)] = match.group(1)
    return names


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_broker(home, work):
    source = os.path.join(work, "AbBroker.java")
    with open(source, "w") as f:
        f.write(BROKER_SOURCE)
    classpath = os.path.join(home, "stress-launcher", "target", "lib", "*")
    broker = subprocess.Popen(["java", "-cp", classpath, source, os.path.join(work, "broker")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in broker.stdout:
        if line.startswith("BOOTSTRAP "):
            return broker, line.split()[1]
    sys.exit("the broker did not start; is the checkout built (./mvnw -q package -DskipTests)?")


def run(label, app, extra, bootstrap, work, threads):
    data = os.path.join(work, f"agent-{label}")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    port = free_port()
    env = dict(os.environ, STRESS_INSTANCE_ID=f"ab-agent-{label}", QUARKUS_HTTP_PORT=str(port),
               QUARKUS_HTTP_HOST="127.0.0.1", KAFKA_BOOTSTRAP_SERVERS=bootstrap, STRESS_DATA_DIR=data,
               STRESS_AGENT_LOAD_GENERATORS_IO_SCRATCH_DIR=os.path.join(data, "scratch"), MALLOC_ARENA_MAX="2")
    # As the launcher gives the agent: its memory generator allocates off-heap, under its own cap.
    direct = f"-XX:MaxDirectMemorySize={physical_memory_mb()}m"
    command = ["java"] + FLAGS + [direct] + extra + ["-jar", os.path.join(app, "quarkus-run.jar")]
    return measure(label, command, env, port, data, threads)


def await_ready(process, port, name, log_path):
    """Returns once /q/health/ready on port answers 200; exits the bench if the process ends or 120 s pass first."""
    started = time.monotonic()
    while True:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/q/health/ready", timeout=1).status == 200:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() - started > 120:
            sys.exit(f"{name} not ready; see {log_path}")
        time.sleep(0.05)


def measure(label, command, env, port, data, threads):
    """Starts command, waits for /q/health/ready on port, measures the idle window, stops it; returns row, threads."""
    with open(os.path.join(data, "agent.log"), "w") as log:
        agent = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        started = time.monotonic()
        await_ready(agent, port, f"agent {label}", os.path.join(data, "agent.log"))
        ready = time.monotonic()
        ready_cpu = cpu_seconds(agent.pid)
        time.sleep(max(0.0, ready + IDLE_FROM_S - time.monotonic()))
        idle_from = cpu_seconds(agent.pid)
        threads_from = thread_cpu(agent.pid) if threads else None
        time.sleep(max(0.0, ready + IDLE_TO_S - time.monotonic()))
        idle_cpu = 100 * (cpu_seconds(agent.pid) - idle_from) / (IDLE_TO_S - IDLE_FROM_S)
        busiest = []
        if threads:
            threads_to = thread_cpu(agent.pid)
            names = java_thread_names(agent.pid)
            busiest = sorted(((100 * (v - threads_from.get(tid, 0)) / (IDLE_TO_S - IDLE_FROM_S), names.get(tid, str(tid)))
                              for tid, v in threads_to.items()), reverse=True)[:12]
        row = (f"| {label} | {ready - started:.1f} | {ready_cpu:.2f} | {idle_cpu:.2f} | {rss_mb(agent.pid):.1f} | "
               f"{len(os.listdir(f'/proc/{agent.pid}/task'))} |")
        return row, busiest
    finally:
        agent.terminate()
        try:
            agent.wait(15)
        except subprocess.TimeoutExpired:
            agent.kill()


def print_busiest(last):
    """Prints each label's busiest threads, as measured by its last run."""
    for label, busiest in last.items():
        if busiest:
            print(f"\n{label}, busiest threads over the idle window of its last run (% of one core):")
            for share, name in busiest:
                print(f"  {share:5.2f}  {name}")


def stop_broker(broker, work):
    broker.stdin.close()
    try:
        broker.wait(30)
    except subprocess.TimeoutExpired:
        broker.kill()
    shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", required=True, help="quarkus-app directory of build A")
    parser.add_argument("--b", required=True, help="quarkus-app directory of build B")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", action="store_true")
    parser.add_argument("--jvm-a", default="", help="JVM flags appended to A's command")
    parser.add_argument("--jvm-b", default="", help="JVM flags appended to B's command")
    parser.add_argument("--home", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = parser.parse_args()
    for app in (args.a, args.b):
        if not os.path.isfile(os.path.join(app, "quarkus-run.jar")):
            sys.exit(f"{app}: no quarkus-run.jar (a quarkus-app directory of load-agent-service)")
    work = tempfile.mkdtemp(prefix="agent-ab-")
    broker, bootstrap = start_broker(args.home, work)
    try:
        print(f"A = {args.a} {args.jvm_a}\nB = {args.b} {args.jvm_b}\nbroker {bootstrap}\n")
        print("| build | ready (s) | CPU to ready (s) | idle CPU % of one core | RSS at ready+60 s (MB) | threads |")
        print("|---|---:|---:|---:|---:|---:|")
        last = {}
        for _ in range(args.runs):
            for label, app, extra in (("A", args.a, args.jvm_a.split()), ("B", args.b, args.jvm_b.split())):
                row, busiest = run(label, app, extra, bootstrap, work, args.threads)
                print(row, flush=True)
                last[label] = busiest
        print_busiest(last)
    finally:
        stop_broker(broker, work)


if __name__ == "__main__":
    main()
