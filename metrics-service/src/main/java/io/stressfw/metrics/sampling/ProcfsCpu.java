package io.stressfw.metrics.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU ticks from {@code /proc/stat} and the load average from {@code /proc/loadavg} on Linux, parsed in place. Through
 * OSHI the same two figures cost a quarter of the sampler thread: its file reader splits {@code /proc/stat} into
 * Strings with regular expressions, and the load average goes through a JNA call. Only the {@code cpuN} lines are
 * read (they come first); the {@code cpu} total line is not needed, the total is the sum of the cores. Not
 * thread-safe: one sampling thread owns it.
 */
public final class ProcfsCpu implements CpuSource {
    private final ProcfsFile stat;
    private final ProcfsFile loadavg;
    private final int cores;

    public ProcfsCpu(Path procRoot) {
        this.stat = new ProcfsFile(procRoot.resolve("stat"));
        this.loadavg = new ProcfsFile(procRoot.resolve("loadavg"));
        int highest = -1;
        try {
            highest = highestCore(stat.read());
        } catch (IOException e) {
            // No core known: samples then carry the total only, and it is null.
        }
        this.cores = highest + 1;
    }

    public static boolean available(Path procRoot) {
        return Files.isReadable(procRoot.resolve("stat")) && Files.isReadable(procRoot.resolve("loadavg"));
    }

    @Override
    public int coreCount() {
        return cores;
    }

    @Override
    public long[][] coreTicks() {
        try {
            return parseStat(stat.read(), cores);
        } catch (IOException e) {
            return new long[cores][];
        }
    }

    @Override
    public double loadAverage() {
        try {
            ProcfsText text = loadavg.read();
            return text.nextLine() ? text.nextDecimal() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String name() {
        return "procfs";
    }

    /** Ticks of cores 0 to {@code cores - 1} from the {@code cpuN} lines; a core without a complete line stays null. */
    static long[][] parseStat(ProcfsText text, int cores) {
        long[][] ticks = new long[cores][];
        while (text.nextLine() && text.skipIfStartsWith("cpu")) {
            long core = text.longHere();
            if (core < 0 || core >= cores) {
                continue;
            }
            long[] values = new long[TICK_TYPES];
            boolean complete = true;
            for (int i = 0; i < TICK_TYPES && complete; i++) {
                values[i] = text.nextLong();
                complete = values[i] >= 0;
            }
            ticks[(int) core] = complete ? values : null;
        }
        return ticks;
    }

    static int highestCore(ProcfsText text) {
        int highest = -1;
        while (text.nextLine() && text.skipIfStartsWith("cpu")) {
            highest = (int) Math.max(highest, text.longHere());
        }
        return highest;
    }
}
