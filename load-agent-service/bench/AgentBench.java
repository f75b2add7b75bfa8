import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.generator.CpuMode;
import io.stressfw.agent.generator.DiscardSink;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.generator.OperationMix;
import io.stressfw.agent.generator.ScratchDirectory;
import io.stressfw.agent.host.ProcFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Accuracy benchmark of the agent's generators against stress-ng, measured from /proc. Not a test: run it with
 * bench/run-bench.sh (see docs/benchmarks/load-agent-service.md). Prints markdown tables.
 */
public class AgentBench {
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int SETTLE_SKIP = 3;
    static final long TICKS_PER_SECOND = 100;
    static final int CORES = Runtime.getRuntime().availableProcessors();

    public static void main(String[] args) throws Exception {
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
        System.out.println("process = the tool's own CPU time from /proc/<pid>/stat as % of " + CORES + " cores; host = /proc/stat.");
        System.out.println("Steady state = seconds " + SETTLE_SKIP + "-" + SECONDS + ". mean |err| = mean over the sliding 10 s windows of |window mean - target|;");
        System.out.println("worst 1 s = largest |1 s window - target|; settle = end of the first 1 s window within 2 points.");
        System.out.println();
        System.out.println("| target % | tool | process achieved % | mean abs err 10 s | worst 1 s | settle s | host achieved % | load avg at start |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int target : new int[]{25, 50, 75, 90}) {
            String load = loadAverage1();
            CpuLoadGenerator cpu = new CpuLoadGenerator(CORES, 100, CpuMode.AGENT, null);
            long self = ProcessHandle.current().pid();
            cpu.setTarget(target);
            Series ours = measure(() -> treeTicks(self), SECONDS);
            cpu.stopNow();
            Thread.sleep(500);
            row(target, "agent", ours, load);
            load = loadAverage1();
            Process ng = new ProcessBuilder("stress-ng", "--cpu", String.valueOf(CORES), "--cpu-load", String.valueOf(target),
                    "--timeout", (SECONDS + 2) + "s", "--quiet").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(200);
            Series theirs = measure(() -> treeTicks(ng.pid()), SECONDS);
            ng.destroy();
            ng.waitFor();
            Thread.sleep(500);
            row(target, "stress-ng", theirs, load);
        }
        System.out.println();
    }

    static void row(int target, String tool, Series s, String load) {
        System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %s | %.2f | %s |%n", target, tool,
                s.meanProcess(), s.meanAbsError10(target), s.worst1(target), s.settle(target), s.meanHost(), load);
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
        CpuLoadGenerator cpu = new CpuLoadGenerator(CORES, 100, CpuMode.HOST, ProcFiles::hostCpu);
        cpu.setTarget(target);
        Series ours = measure(() -> treeTicks(ProcessHandle.current().pid()), seconds);
        cpu.stopNow();
        Thread.sleep(1000);
        System.out.printf(Locale.ROOT, "| agent host mode | %.2f | %.2f | %.2f | %s |%n", ours.meanHost(),
                ours.hostMeanAbsError10(target), ours.hostWorst1(target), load);
        load = loadAverage1();
        Process ng = new ProcessBuilder("stress-ng", "--cpu", String.valueOf(CORES), "--cpu-load", String.valueOf(target),
                "--timeout", (seconds + 2) + "s", "--quiet").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(200);
        Series theirs = measure(() -> treeTicks(ng.pid()), seconds);
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
            MemoryLoadGenerator memory = new MemoryLoadGenerator(capMb, 10, 256, ProcFiles::memAvailableBytes);
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
        Path base = Files.createTempDirectory("agent-bench-io");
        System.out.println("## Disk I/O: achieved vs target IOPS (" + (int) ops + " ops/s at 100%, mix read 0.5 / write 0.4 / seek 0.1, 4 KiB, 16 MB file, no fsync)");
        System.out.println();
        System.out.println("| target % | target IOPS | achieved IOPS | error % | MB/s |");
        System.out.println("|---|---|---|---|---|");
        try (ScratchDirectory scratch = new ScratchDirectory(base, "bench")) {
            for (int target : new int[]{25, 50, 100}) {
                IoLoadGenerator io = new IoLoadGenerator(scratch, ops, new OperationMix(0.5, 0.4, 0.1), 16, 64, false);
                io.setTarget(target);
                Thread.sleep(1000);
                long before = io.operations();
                long bytes0 = io.bytesTransferred();
                long t0 = System.nanoTime();
                Thread.sleep(4000);
                double dt = (System.nanoTime() - t0) / 1e9;
                double achieved = (io.operations() - before) / dt;
                double mbs = (io.bytesTransferred() - bytes0) / dt / 1e6;
                io.stopNow();
                double want = ops * target / 100;
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.2f | %.2f |%n", target, want, achieved,
                        (achieved - want) / want * 100, mbs);
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
        try (DiscardSink sink = new DiscardSink(0)) {
            for (int target : new int[]{10, 50, 100}) {
                NetworkLoadGenerator net = new NetworkLoadGenerator(List.of(sink.address()), mbps, 4, 60_000, Long.MAX_VALUE);
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

    interface Ticks {
        long read() throws IOException;
    }

    /** Per-second windows of process CPU (% of all cores) and host utilisation (%). */
    static final class Series {
        final List<Double> process = new ArrayList<>();
        final List<Double> host = new ArrayList<>();

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

    static Series measure(Ticks ticks, int seconds) throws Exception {
        Series s = new Series();
        long[] host0 = hostTicks();
        long proc0 = ticks.read();
        long next = System.nanoTime();
        for (int i = 0; i < seconds; i++) {
            next += 1_000_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
            }
            long[] host1 = hostTicks();
            long proc1 = ticks.read();
            double total = host1[1] - host0[1];
            s.host.add(total > 0 ? 100.0 * (host1[0] - host0[0]) / total : Double.NaN);
            // Host total ticks over the window measure its length in ticks x cores, free of our own sleep jitter.
            s.process.add(total > 0 ? 100.0 * (proc1 - proc0) / total : Double.NaN);
            host0 = host1;
            proc0 = proc1;
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

    /** utime + stime of a process and all its descendants (stress-ng forks one worker per CPU). */
    static long treeTicks(long root) throws IOException {
        List<long[]> all = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    all.add(new long[]{Long.parseLong(name), Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])});
                } catch (IOException | RuntimeException e) {
                    // The process ended while we were looking.
                }
            }
        }
        List<Long> tree = new ArrayList<>(List.of(root));
        long sum = 0;
        boolean grew = true;
        while (grew) {
            grew = false;
            for (long[] p : all) {
                if (!tree.contains(p[0]) && tree.contains(p[1])) {
                    tree.add(p[0]);
                    grew = true;
                }
            }
        }
        for (long[] p : all) {
            if (tree.contains(p[0])) {
                sum += p[2];
            }
        }
        return sum;
    }

    static String loadAverage() throws IOException {
        return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
    }

    static String loadAverage1() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
