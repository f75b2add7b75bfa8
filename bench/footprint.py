#!/usr/bin/env python3
"""The platform's own footprint, as a user meets it (issue 21; not part of ./mvnw verify).

Starts the platform exactly as `./stress up` does (the `stress` script of the checkout given, one agent unless told
otherwise), and from the launch on prints, every INTERVAL seconds, the host's CPU (busy share of all cores, from
/proc/stat, and steal: the share a hypervisor gave to other guests while this one wanted to run) and each process's
CPU (% of ONE core, utime+stime from /proc/PID/stat) and resident memory (VmRSS), until AFTER seconds after ready. Ready is the moment `./stress up` prints "Press Ctrl-C" (every service answered
/q/health/ready). Then it sends SIGTERM to `./stress up` and times until every process of the run is gone.

The build is excluded: build first (`./stress up` builds when needed, then stop it); if the script starts a build,
the bench stops and says so. Needs Linux /proc and Python 3 (standard library only). It reads no more than /proc.

    bench/footprint.py [--home DIR] [--agents N] [--after 120] [--interval 5] [--threads] [--label TEXT] [--md FILE]

--threads also prints each process's busiest threads over the idle window (ready+30 s to the end), by the kernel's
thread name (15 characters; `jcmd PID Thread.print` maps native ids to full Java names when that is not enough).
--md appends the tables to FILE as Markdown. Exit code 0 when the run started and stopped, 1 otherwise.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

TICKS = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
IDLE_FROM_READY_S = 30
ORDER = ["kafka", "safety", "metrics", "orchestrator", "launcher"]


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def host_ticks():
    """(all ticks, idle ticks, steal ticks) of the host's cores since boot."""
    first = read("/proc/stat").split(b"\n", 1)[0].split()[1:]
    values = [int(v) for v in first]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values[:8]), idle, values[7] if len(values) > 7 else 0


def proc_stat(pid):
    """(ppid, utime+stime ticks) of a process, or None when it is gone."""
    raw = read(f"/proc/{pid}/stat")
    if raw is None:
        return None
    rest = raw[raw.rfind(b")") + 2:].split()
    return int(rest[1]), int(rest[11]) + int(rest[12])


def rss_mb(pid):
    raw = read(f"/proc/{pid}/statm")
    return int(raw.split()[1]) * PAGE_KB / 1024 if raw else 0.0


def all_pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def name_of(pid, work_dir):
    """What a process of the run is, or None when it is not one."""
    cmd = read(f"/proc/{pid}/cmdline") or b""
    if b"java" not in cmd.split(b"\0", 1)[0]:
        return None
    if b"io.stressfw.launcher.StressCli" in cmd:
        return "launcher"
    if b"KafkaBrokerMain" in cmd or b"kafka.Kafka" in cmd:
        return "kafka"
    if b"quarkus-run.jar" in cmd:
        env = read(f"/proc/{pid}/environ") or b""
        for entry in env.split(b"\0"):
            if entry.startswith(b"STRESS_INSTANCE_ID="):
                return entry.split(b"=", 1)[1].decode()
        return cmd.split(b"\0")[-2].decode().split("/")[-4]
    return None


class Run:
    def __init__(self, root_pid, work_dir):
        self.root = root_pid
        self.work_dir = work_dir
        self.names = {}  # pid -> name, kept once seen

    def discover(self):
        """The run's processes: descendants of ./stress up, and any java process naming the run's work directory."""
        parents = {}
        for pid in all_pids():
            st = proc_stat(pid)
            if st:
                parents[pid] = st[0]
        for pid in parents:
            if pid in self.names:
                continue
            up, seen = pid, 0
            while up > 1 and up != self.root and seen < 64:
                up, seen = parents.get(up, 0), seen + 1
            ours = up == self.root
            if not ours:
                cmd = read(f"/proc/{pid}/cmdline") or b""
                ours = self.work_dir.encode() in cmd
            if ours:
                name = name_of(pid, self.work_dir)
                if name:
                    self.names[pid] = name
        return {pid: n for pid, n in self.names.items() if os.path.exists(f"/proc/{pid}")}


def thread_ticks(pid):
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        raw = read(f"/proc/{pid}/task/{tid}/stat")
        if raw is None:
            continue
        name = raw[raw.find(b"(") + 1:raw.rfind(b")")].decode(errors="replace")
        rest = raw[raw.rfind(b")") + 2:].split()
        out[tid] = (name, int(rest[11]) + int(rest[12]))
    return out


def sort_key(name):
    return (ORDER.index(name) if name in ORDER else 3 if name.startswith("agent") else 9, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--agents", type=int, default=1)
    parser.add_argument("--after", type=float, default=120, help="seconds to watch after ready")
    parser.add_argument("--interval", type=float, default=5)
    parser.add_argument("--threads", action="store_true")
    parser.add_argument("--label", default="")
    parser.add_argument("--md", help="append the tables to this Markdown file")
    parser.add_argument("--stop-timeout", type=float, default=30)
    args = parser.parse_args()

    home = os.path.abspath(args.home)
    load_before = open("/proc/loadavg").read().split()[0]
    work = tempfile.mkdtemp(prefix="stress-footprint-")
    log_path = os.path.join(work, "up.log")
    run_dir = os.path.join(work, "run")
    log = open(log_path, "wb")
    h0 = host_ticks()
    t0 = time.monotonic()
    up = subprocess.Popen([os.path.join(home, "stress"), "up", "--agents", str(args.agents), "--work-dir", run_dir],
                          cwd=home, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    run = Run(up.pid, run_dir)
    rows, last_proc, last_host, last_t = [], {}, h0, t0
    ready_at = None
    next_row = t0 + args.interval
    end_at = None
    idle_threads_start, idle_threads = {}, {}
    failed = None
    while True:
        now = time.monotonic()
        if ready_at is None:
            text = read(log_path) or b""
            if b"Building (" in text:
                failed = "./stress up started a build: build first, then run the bench"
                break
            if b"Press Ctrl-C" in text:
                ready_at = now - t0
                end_at = now + args.after
            elif up.poll() is not None:
                failed = "./stress up ended before ready:\n" + text.decode(errors="replace")[-3000:]
                break
        if now >= next_row:
            procs = run.discover()
            host = host_ticks()
            dt = now - last_t
            total_ticks = host[0] - last_host[0]
            host_busy = 100.0 * (total_ticks - (host[1] - last_host[1])) / total_ticks if total_ticks else 0.0
            steal = 100.0 * (host[2] - last_host[2]) / total_ticks if total_ticks else 0.0
            row = {"t": now - t0, "host": host_busy, "steal": steal, "procs": {}}
            for pid, name in procs.items():
                st = proc_stat(pid)
                if st is None:
                    continue
                before = last_proc.get(pid, 0)
                row["procs"][name] = (100.0 * (st[1] - before) / TICKS / dt, rss_mb(pid))
                last_proc[pid] = st[1]
            rows.append(row)
            last_host, last_t = host, now
            next_row += args.interval
            if args.threads and ready_at is not None and not idle_threads_start \
                    and now - t0 >= ready_at + IDLE_FROM_READY_S:
                idle_threads_start = {pid: (name, thread_ticks(pid), now) for pid, name in procs.items()}
            print_row(row, ready_at)
        if end_at is not None and now >= end_at:
            break
        time.sleep(min(0.1, max(0.0, next_row - time.monotonic())))

    if args.threads and idle_threads_start:
        now = time.monotonic()
        for pid, (name, start, t_start) in idle_threads_start.items():
            end = thread_ticks(pid)
            per = {}
            for tid, (tname, ticks) in end.items():
                delta = ticks - start.get(tid, (tname, 0))[1]
                per[tname] = per.get(tname, 0) + delta
            idle_threads[name] = (per, now - t_start)

    stop_s = stop(up, run, args.stop_timeout)
    log.close()
    if failed:
        print("footprint: " + failed, file=sys.stderr)
        return 1
    report = summary(rows, ready_at, args, stop_s, home, idle_threads, load_before)
    print(report)
    if args.md:
        with open(args.md, "a") as f:
            f.write(report + "\n")
    return 0


def stop(up, run, timeout):
    """SIGTERM to ./stress up; seconds until every process of the run is gone (None if some had to be killed)."""
    procs = run.discover()
    if up.poll() is not None and not procs:
        return None
    start = time.monotonic()
    try:
        up.send_signal(signal.SIGTERM)
    except ProcessLookupError:
        pass
    while time.monotonic() - start < timeout:
        alive = [p for p in list(procs) + [up.pid] if os.path.exists(f"/proc/{p}") and not zombie(p)]
        if not alive:
            up.wait()
            return time.monotonic() - start
        time.sleep(0.05)
    for pid in list(procs) + [up.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    up.wait()
    return None


def zombie(pid):
    raw = read(f"/proc/{pid}/stat")
    return raw is None or raw[raw.rfind(b")") + 2:raw.rfind(b")") + 3] == b"Z"


def print_row(row, ready_at):
    parts = " ".join(f"{n}={c:.1f}%/{r:.0f}MB" for n, (c, r) in sorted(row["procs"].items(), key=lambda x: sort_key(x[0])))
    total = sum(c for c, _ in row["procs"].values())
    mark = "" if ready_at is None else f" (ready+{row['t'] - ready_at:.0f})"
    print(f"t={row['t']:6.1f}s{mark} host={row['host']:5.1f}% steal={row['steal']:4.1f}% platform={total:6.1f}% {parts}",
          flush=True)


def summary(rows, ready_at, args, stop_s, home, idle_threads, load_before):
    names = sorted({n for r in rows for n in r["procs"]}, key=sort_key)
    head = ("| t (s) | host CPU % | steal % | platform % of one core | " + " | ".join(f"{n} CPU % / RSS MB" for n in names)
            + " |")
    lines = [f"### {args.label or 'footprint'} ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
             f"load average before: {load_before})", "",
             f"`{home}`: ready {ready_at:.1f} s after launch; SIGTERM to all gone: "
             + (f"{stop_s:.1f} s" if stop_s is not None else "not within the timeout (killed)"), "",
             head, "|" + "---:|" * (4 + len(names))]
    for r in rows:
        total = sum(c for c, _ in r["procs"].values())
        t = f"{r['t']:.0f}" + (" (ready)" if ready_at is not None and r["t"] - args.interval < ready_at <= r["t"] else "")
        cells = [f"{r['procs'][n][0]:.1f} / {r['procs'][n][1]:.0f}" if n in r["procs"] else "" for n in names]
        lines.append(f"| {t} | {r['host']:.1f} | {r['steal']:.1f} | {total:.1f} | " + " | ".join(cells) + " |")
    idle = [r for r in rows if r["t"] - args.interval >= ready_at + IDLE_FROM_READY_S - 0.01]
    if idle:
        lines += ["", f"Idle window (ready+{IDLE_FROM_READY_S} s to ready+{args.after:.0f} s, {len(idle)} rows):", "",
                  "| process | mean CPU % of one core | max 5 s CPU % | max RSS MB |", "|---|---:|---:|---:|"]
        for n in names + ["platform (all)", "host % of all cores", "steal % of all cores"]:
            if n == "platform (all)":
                vals = [sum(c for c, _ in r["procs"].values()) for r in idle]
                rss = [sum(m for _, m in r["procs"].values()) for r in idle]
            elif n.startswith("host"):
                vals, rss = [r["host"] for r in idle], [0]
            elif n.startswith("steal"):
                vals, rss = [r["steal"] for r in idle], [0]
            else:
                vals = [r["procs"][n][0] for r in idle if n in r["procs"]]
                rss = [r["procs"][n][1] for r in idle if n in r["procs"]]
            if vals:
                lines.append(f"| {n} | {sum(vals) / len(vals):.2f} | {max(vals):.1f} | {max(rss):.0f} |")
    for name, (per, window) in sorted(idle_threads.items(), key=lambda x: sort_key(x[0])):
        top = sorted(per.items(), key=lambda x: -x[1])[:8]
        lines += ["", f"{name}, busiest threads over {window:.0f} s idle (% of one core): " + ", ".join(
            f"`{t}` {100.0 * ticks / TICKS / window:.2f}" for t, ticks in top if ticks > 0)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
