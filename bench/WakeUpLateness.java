import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How late a thread that sleeps 100 ms wakes up while every core is busy: what {@code AwakeTime} (service-core) must
 * not take for a pause. Its gap is 500 ms; a wake-up later than that would excuse a busy process's silence.
 *
 * <p>{@code java bench/WakeUpLateness.java [busy-threads] [seconds]} (default: two per core, 30 s). Prints the
 * lateness percentiles and the longest, in ms, with the busy threads at normal priority beside it.
 */
public final class WakeUpLateness {
    public static void main(String[] args) throws InterruptedException {
        int busy = args.length > 0 ? Integer.parseInt(args[0]) : 2 * Runtime.getRuntime().availableProcessors();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Thread> burners = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 0; i < busy; i++) {
            Thread t = new Thread(() -> {
                long x = 0;
                while (System.nanoTime() < end) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "burner-" + i);
            t.setDaemon(true);
            t.start();
            burners.add(t);
        }
        List<Long> late = new ArrayList<>();
        while (System.nanoTime() < end) {
            long before = System.nanoTime();
            Thread.sleep(100);
            late.add((System.nanoTime() - before) / 1_000_000 - 100);
        }
        long[] sorted = late.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("busy threads %d, cores %d, %d wake-ups over %d s%n", busy,
                Runtime.getRuntime().availableProcessors(), sorted.length, seconds);
        System.out.printf("%-8s %-8s %-8s %-8s %-8s%n", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "> 500 ms");
        System.out.printf("%-8d %-8d %-8d %-8d %-8d%n", at(sorted, 0.5), at(sorted, 0.99), at(sorted, 0.999),
                sorted[sorted.length - 1], Arrays.stream(sorted).filter(v -> v > 500).count());
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
    }
}
