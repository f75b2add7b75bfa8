import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.scope.LoadScope;
import io.stressfw.agent.generator.DiscardSink;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.LoadThreads;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.generator.OperationMix;
import io.stressfw.agent.generator.ScratchDirectory;
import io.stressfw.agent.host.ProcFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Accuracy benchmark of the agent's generators against stress-ng, measured from /proc. Not a test: run it with
 * bench/run-bench.sh (see docs/benchmarks.md). Prints markdown tables. The CPU generator in agent mode runs in a child
 * JVM of its own, as stress-ng runs in its own processes, so that this process's measuring is counted against neither.
 */
public class AgentBench {
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int SETTLE_SKIP = 3;
    static final long TICKS_PER_SECOND = 100;
    static final int CORES = Runtime.getRuntime().availableProcessors();
    /** The bench process is one agent: its generators and sink share one registry of load threads. */
    static final LoadThreads LOAD_THREADS = new LoadThreads();

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--cpu-child")) {
            cpuChild(Integer.parseInt(args[1]));
            return;
        }
        System.out.println("# load-agent-service benchmark");
        System.out.println("cores=" + CORES + ", run=" + SECONDS + " s per level, " + loadAverage());
        System.out.println();
        String only = System.getProperty("bench.only", "cpu,host,memory,io,network");
        if (only.contains("cpu")) {
            cpuAgentMode();
        }
        if (only.contains("host")) {
            cpuHostMode();
        }
        if (only.contains("memory")) {
            memory();
        }
        if (only.contains("io")) {
            io();
        }
        if (only.contains("network")) {
            network();
        }
        System.out.println("end: " + loadAverage());
    }

    // ---------- CPU, agent mode vs stress-ng --cpu N --cpu-load P ----------

    static void cpuAgentMode() throws Exception {
        System.out.println("## CPU: agent mode vs stress-ng (" + CORES + " workers each)");
        System.out.println("process = the tool's own CPU time, to the ns, from /proc/<pid>/task/*/schedstat as % of " + CORES + " cores over the wall time; host = /proc/stat.");
        System.out.println("Steady state = seconds " + SETTLE_SKIP + "-" + SECONDS + ". mean |err| = mean over the sliding 10 s windows of |window mean - target|;");
        System.out.println("worst 1 s = largest |1 s window - target|; settle = end of the first 1 s window within 2 points.");
        System.out.println();
        System.out.println("| target % | tool | process achieved % | same from stat ticks | mean abs err 10 s | worst 1 s | settle s | host achieved % | load avg at start |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String level : System.getProperty("bench.levels", "25,50,75,90").split(",")) {
            int target = Integer.parseInt(level.trim());
            String load = loadAverage1();
            Process agent = startCpuChild(target);
            Series ours = measure(new TreeCpu(agent.pid()), SECONDS);
            agent.getOutputStream().close();
            agent.waitFor();
            Thread.sleep(500);
            row(target, "agent", ours, load);
            load = loadAverage1();
            Process ng = new ProcessBuilder("stress-ng", "--cpu", String.valueOf(CORES), "--cpu-load", String.valueOf(target),
                    "--timeout", (SECONDS + 2) + "s", "--quiet").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(200);
            Series theirs = measure(new TreeCpu(ng.pid()), SECONDS);
            ng.destroy();
            ng.waitFor();
            Thread.sleep(500);
            row(target, "stress-ng", theirs, load);
        }
        System.out.println();
    }

    /** The agent's JVM settings as the launcher starts it; the child answers "ready" once the generator runs. */
    static Process startCpuChild(int target) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "AgentBench", "--cpu-child",
                String.valueOf(target)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine();
        if (!"ready".equals(line)) {
            child.destroyForcibly();
            throw new IllegalStateException("cpu child did not start: " + line);
        }
        return child;
    }

    /** Runs the CPU generator at the target until stdin closes. */
    static void cpuChild(int target) throws IOException {
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(LOAD_THREADS).cores(CORES).precisionIntervalMs(100).scope(LoadScope.CONTAINER).build();
        cpu.setTarget(target);
        System.out.println("ready");
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        cpu.stopNow();
    }

    static void row(int target, String tool, Series s, String load) {
        if (Boolean.getBoolean("bench.trace")) {
            System.out.println("<!-- " + tool + " " + target + " per second: " + s.process.stream()
                    .map(v -> String.format(Locale.ROOT, "%.1f", v)).toList() + " -->");
        }
        System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %.2f | %s | %.2f | %s |%n", target, tool,
                s.meanProcess(), s.steadyTicksPercent, s.meanAbsError10(target), s.worst1(target), s.settle(target), s.meanHost(), load);
    }

    // ---------- CPU, host mode against stress-ng, with background load ----------

    static void cpuHostMode() throws Exception {
        int background = 40;
        int target = 50;
        int seconds = Math.min(SECONDS, 15);
        System.out.println("## CPU: whole-host target " + target + "% with background load (stress-ng --cpu 1 --cpu-load " + background + ")");
        System.out.println("Both the background and the other builds on this machine count as 'other load'; host = /proc/stat over seconds " + SETTLE_SKIP + "-" + seconds + ".");
        System.out.println();
        System.out.println("| tool | host achieved % | mean abs err 10 s | worst 1 s | load avg at start |");
        System.out.println("|---|---|---|---|---|");
        Process bg = new ProcessBuilder("stress-ng", "--cpu", "1", "--cpu-load", String.valueOf(background), "--timeout",
                (2 * seconds + 10) + "s", "--quiet").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(2000);
        String load = loadAverage1();
        CpuLoadGenerator cpu = CpuLoadGenerator.builder(LOAD_THREADS).cores(CORES).precisionIntervalMs(100).scope(LoadScope.HOST)
                .hostCpu(ProcFiles::hostCpu).build();
        cpu.setTarget(target);
        Series ours = measure(new TreeCpu(ProcessHandle.current().pid()), seconds);
        cpu.stopNow();
        Thread.sleep(1000);
        System.out.printf(Locale.ROOT, "| agent host mode | %.2f | %.2f | %.2f | %s |%n", ours.meanHost(),
                ours.hostMeanAbsError10(target), ours.hostWorst1(target), load);
        load = loadAverage1();
        Process ng = new ProcessBuilder("stress-ng", "--cpu", String.valueOf(CORES), "--cpu-load", String.valueOf(target),
                "--timeout", (seconds + 2) + "s", "--quiet").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(200);
        Series theirs = measure(new TreeCpu(ng.pid()), seconds);
        ng.destroy();
        ng.waitFor();
        bg.destroy();
        bg.waitFor();
        System.out.printf(Locale.ROOT, "| stress-ng --cpu %d --cpu-load %d | %.2f | %.2f | %.2f | %s |%n", CORES, target,
                theirs.meanHost(), theirs.hostMeanAbsError10(target), theirs.hostWorst1(target), load);
        System.out.println();
        Thread.sleep(500);
    }

    // ---------- memory: RSS vs target ----------

    static void memory() throws Exception {
        double capMb = 512;
        System.out.println("## Memory: resident set vs target (cap " + (int) capMb + " MB, 10 MB chunks, off-heap, MALLOC_MMAP_THRESHOLD_="
                + System.getenv().getOrDefault("MALLOC_MMAP_THRESHOLD_", "unset") + ")");
        System.out.println();
        System.out.println("| target % | target MB | allocated MB | RSS growth MB (/proc/self/status) | time to reach s | RSS growth after stopNow MB | stopNow ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int target : new int[]{25, 50, 100}) {
            MemoryLoadGenerator memory = MemoryLoadGenerator.builder(LOAD_THREADS, capMb).chunkMb(10).reserveMb(256)
                    .availableBytes(ProcFiles::memAvailableBytes).build();
            System.gc();
            Thread.sleep(300);
            long base = ProcFiles.selfRssBytes().orElse(0);
            long start = System.nanoTime();
            memory.setTarget(target);
            double want = Math.floor(capMb * target / 100 / 10) * 10;
            while (memory.allocatedMb() < want && System.nanoTime() - start < 20_000_000_000L) {
                Thread.sleep(5);
            }
            double reach = (System.nanoTime() - start) / 1e9;
            Thread.sleep(500);
            double rss = (ProcFiles.selfRssBytes().orElse(0) - base) / 1048576.0;
            double allocated = memory.allocatedMb();
            long t0 = System.nanoTime();
            memory.stopNow();
            double stopMs = (System.nanoTime() - t0) / 1e6;
            double after = (ProcFiles.selfRssBytes().orElse(0) - base) / 1048576.0;
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.1f | %.2f | %.1f | %.2f |%n", target, capMb * target / 100,
                    allocated, rss, reach, after, stopMs);
        }
        System.out.println();
    }

    // ---------- I/O: achieved vs target IOPS ----------

    static void io() throws Exception {
        double ops = 1000;
        Path base = Files.createTempDirectory(Path.of(System.getProperty("bench.io.dir", System.getProperty("java.io.tmpdir"))),
                "agent-bench-io");
        io.stressfw.agent.host.BlockDevice.Found device = io.stressfw.agent.host.BlockDevice.under(base);
        System.out.println("## Disk I/O: generator and device IOPS vs target (" + (int) ops + " ops/s at 100%, mix read 0.5 / "
                + "write 0.4 / seek 0.1, 4 KiB, 16 MB file, direct I/O; scratch on "
                + (device.present() ? device.device().name() : "no device: " + device.reason()) + ")");
        System.out.println();
        System.out.println("| target % | target IOPS | generator IOPS | error % | device IOPS (r+w) | device reads/s | device writes/s | device MB/s | device busy % | mode |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        try (ScratchDirectory scratch = new ScratchDirectory(base, "bench")) {
            for (int target : new int[]{25, 50, 100}) {
                IoLoadGenerator io = IoLoadGenerator.builder(LOAD_THREADS, scratch).operationsPerSecond(ops)
                        .mix(new OperationMix(0.5, 0.4, 0.1)).fileSizeMb(16).maxDiskMb(64).fsync(false).build();
                io.setTarget(target);
                Thread.sleep(1000);
                long before = io.operations();
                io.stressfw.agent.host.BlockDevice.DiskCounters d0 = device.present() ? device.device().read() : null;
                long t0 = System.nanoTime();
                Thread.sleep(4000);
                double dt = (System.nanoTime() - t0) / 1e9;
                double achieved = (io.operations() - before) / dt;
                io.stressfw.agent.host.BlockDevice.DiskCounters d1 = device.present() ? device.device().read() : null;
                String mode = io.mode();
                io.stopNow();
                double want = ops * target / 100;
                String deviceColumns = d0 == null || d1 == null ? "- | - | - | - | -" : String.format(Locale.ROOT,
                        "%.1f | %.1f | %.1f | %.2f | %.1f", (d1.reads() - d0.reads() + d1.writes() - d0.writes()) / dt,
                        (d1.reads() - d0.reads()) / dt, (d1.writes() - d0.writes()) / dt,
                        (d1.readBytes() - d0.readBytes() + d1.writeBytes() - d0.writeBytes()) / dt / 1e6,
                        Math.min(100, (d1.busyMs() - d0.busyMs()) / dt / 10));
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.2f | %s | %s |%n", target, want, achieved,
                        (achieved - want) / want * 100, deviceColumns, mode);
            }
        }
        Files.deleteIfExists(base);
        System.out.println();
    }

    // ---------- network: achieved vs target Mbps on loopback ----------

    static void network() throws Exception {
        double mbps = 1000;
        System.out.println("## Network: achieved vs target Mbps on loopback (" + (int) mbps + " Mbps at 100%, 4 connections, own discard sink)");
        System.out.println();
        System.out.println("| target % | target Mbps | sent Mbps | received by sink Mbps | error % |");
        System.out.println("|---|---|---|---|---|");
        try (DiscardSink sink = new DiscardSink(LOAD_THREADS, 0)) {
            for (int target : new int[]{10, 50, 100}) {
                NetworkLoadGenerator net = NetworkLoadGenerator.builder(LOAD_THREADS, List.of(sink.address())).bandwidthMbps(mbps)
                        .poolSize(4).maxRunMillis(60_000).maxRunBytes(Long.MAX_VALUE).build();
                net.setTarget(target);
                Thread.sleep(1000);
                long sent0 = net.bytesSent();
                long recv0 = sink.bytesReceived();
                long t0 = System.nanoTime();
                Thread.sleep(4000);
                double dt = (System.nanoTime() - t0) / 1e9;
                double sent = (net.bytesSent() - sent0) * 8 / dt / 1e6;
                double recv = (sink.bytesReceived() - recv0) * 8 / dt / 1e6;
                net.stopNow();
                double want = mbps * target / 100;
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.2f |%n", target, want, sent, recv, (sent - want) / want * 100);
                Thread.sleep(300);
            }
        }
        System.out.println();
    }

    // ---------- measurement ----------

    /** Per-second windows of process CPU (% of all cores) and host utilisation (%). */
    static final class Series {
        final List<Double> process = new ArrayList<>();
        final List<Double> host = new ArrayList<>();
        /** Steady-state process CPU from utime + stime ticks, which also count threads that came and went unseen. */
        double steadyTicksPercent = Double.NaN;

        double meanProcess() {
            return mean(process.subList(SETTLE_SKIP, process.size()));
        }

        double meanHost() {
            return mean(host.subList(SETTLE_SKIP, host.size()));
        }

        double meanAbsError10(double target) {
            return slidingError(process, target);
        }

        double hostMeanAbsError10(double target) {
            return slidingError(host, target);
        }

        double worst1(double target) {
            return worst(process, target);
        }

        double hostWorst1(double target) {
            return worst(host, target);
        }

        String settle(double target) {
            for (int i = 0; i < process.size(); i++) {
                if (Math.abs(process.get(i) - target) <= 2) {
                    return String.valueOf(i + 1);
                }
            }
            return "never";
        }

        static double slidingError(List<Double> values, double target) {
            List<Double> steady = values.subList(SETTLE_SKIP, values.size());
            int width = Math.min(10, steady.size());
            double sum = 0;
            int n = 0;
            for (int i = 0; i + width <= steady.size(); i++) {
                sum += Math.abs(mean(steady.subList(i, i + width)) - target);
                n++;
            }
            return n == 0 ? Double.NaN : sum / n;
        }

        static double worst(List<Double> values, double target) {
            return values.subList(SETTLE_SKIP, values.size()).stream().mapToDouble(v -> Math.abs(v - target)).max().orElse(Double.NaN);
        }

        static double mean(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    static Series measure(TreeCpu cpu, int seconds) throws Exception {
        Series s = new Series();
        long[] host0 = hostTicks();
        long proc0 = cpu.nanos();
        long wall0 = System.nanoTime();
        long next = wall0;
        long steadyTicks = 0;
        long steadyWall = 0;
        for (int i = 0; i < seconds; i++) {
            next += 1_000_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
            }
            long proc1 = cpu.nanos();
            long wall1 = System.nanoTime();
            if (i + 1 == SETTLE_SKIP) {
                steadyTicks = cpu.ticks();
                steadyWall = wall1;
            } else if (i + 1 == seconds) {
                s.steadyTicksPercent = 100.0 * (cpu.ticks() - steadyTicks) / TICKS_PER_SECOND / ((wall1 - steadyWall) / 1e9 * CORES);
            }
            long[] host1 = hostTicks();
            double total = host1[1] - host0[1];
            s.host.add(total > 0 ? 100.0 * (host1[0] - host0[0]) / total : Double.NaN);
            s.process.add(100.0 * (proc1 - proc0) / ((double) (wall1 - wall0) * CORES));
            host0 = host1;
            proc0 = proc1;
            wall0 = wall1;
        }
        return s;
    }

    static long[] hostTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i <= 8; i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new long[]{total - idle, total};
    }

    /**
     * CPU time of a process and its descendants (stress-ng forks one worker per CPU) to the nanosecond, from every
     * task's /proc/<pid>/task/<tid>/schedstat: utime + stime in /proc/<pid>/stat tick at 10 ms, which alone is
     * +-0.5 point of a 1 s window on 2 cores. A task that ends keeps its last reading in the sum.
     */
    static final class TreeCpu {
        private final List<Long> pids;
        private final Map<String, Long> lastByTask = new HashMap<>();

        TreeCpu(long root) {
            List<Long> tree = new ArrayList<>(List.of(root));
            ProcessHandle.of(root).ifPresent(p -> p.descendants().forEach(d -> tree.add(d.pid())));
            pids = tree;
        }

        long nanos() throws IOException {
            for (long pid : pids) {
                Path tasks = Path.of("/proc", String.valueOf(pid), "task");
                if (!Files.isDirectory(tasks)) {
                    continue;
                }
                try (var dirs = Files.list(tasks)) {
                    for (Path task : (Iterable<Path>) dirs::iterator) {
                        try {
                            String stat = Files.readString(task.resolve("schedstat"));
                            lastByTask.put(pid + "/" + task.getFileName(), Long.parseLong(stat.substring(0, stat.indexOf(' '))));
                        } catch (IOException | RuntimeException e) {
                            // The task ended while we were looking: its last reading stays in the sum.
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // The process ended while we were looking.
                }
            }
            return lastByTask.values().stream().mapToLong(Long::longValue).sum();
        }

        /** utime + stime of the tree in clock ticks: threads that have ended included. */
        long ticks() throws IOException {
            long sum = 0;
            for (long pid : pids) {
                try {
                    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException e) {
                    // The process ended while we were looking.
                }
            }
            return sum;
        }
    }

    static String loadAverage() throws IOException {
        return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
    }

    static String loadAverage1() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
