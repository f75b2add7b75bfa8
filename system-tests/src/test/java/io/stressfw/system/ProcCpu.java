package io.stressfw.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The host's CPU as {@code /proc} counts it: whole-host busy ticks (everything but idle and iowait, as the agents'
 * host scope counts them) and a process's own ticks ({@code utime + stime}, children not included). A reading is a
 * snapshot; two give a utilisation in percent of all the host's cores.
 */
final class ProcCpu {
    private static final double TICKS_PER_SECOND = 100;

    /** One snapshot: host busy and total ticks, the processes' ticks, and the wall clock. */
    record Reading(long hostBusy, long hostTotal, long processTicks, long nanos) {
        /** Whole-host utilisation since {@code earlier}, 0-100. */
        double hostPercentSince(Reading earlier) {
            long total = hostTotal - earlier.hostTotal;
            return total <= 0 ? Double.NaN : 100.0 * (hostBusy - earlier.hostBusy) / total;
        }

        /** The processes' CPU since {@code earlier}, in percent of all the host's cores. */
        double processPercentSince(Reading earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return 100.0 * (processTicks - earlier.processTicks) / TICKS_PER_SECOND / seconds / cores();
        }
    }

    private ProcCpu() {
    }

    static Reading read(Collection<Long> pids) {
        long[] host = hostTicks();
        long ticks = 0;
        for (long pid : pids) {
            ticks += processTicks(pid);
        }
        return new Reading(host[0], host[1], ticks, System.nanoTime());
    }

    static int cores() {
        try {
            return (int) Files.readAllLines(Path.of("/proc/stat")).stream()
                    .filter(l -> l.startsWith("cpu") && !l.startsWith("cpu ")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host's busy and total ticks since boot (first line of /proc/stat; idle and iowait are not busy). */
    static long[] hostTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** utime + stime of a process (clock ticks, 10 ms); 0 once it is gone. */
    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }
}
