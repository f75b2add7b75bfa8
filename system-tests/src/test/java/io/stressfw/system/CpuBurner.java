package io.stressfw.system;

import java.util.ArrayList;
import java.util.List;

/**
 * Another tenant of the host, run as its own process: {@code CpuBurner <threads> <duty 0-1> <seconds>} keeps
 * {@code threads} threads busy for {@code duty} of every 100 ms (0.3 of one thread on two cores is 15 % of the host;
 * two threads at 1.0 hold a two-core host at 100 %) for {@code seconds} (0: until killed). Prints
 * {@code burning since <epoch ms>} once every thread runs, so that a test knows when the load began.
 */
public final class CpuBurner {
    private CpuBurner() {
    }

    /** A burner process with this JVM's classpath; {@code seconds} 0 burns until it is destroyed. */
    static Process start(int threads, double duty, double seconds) throws java.io.IOException {
        return new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), CpuBurner.class.getName(),
                Integer.toString(threads), Double.toString(duty), Double.toString(seconds))
                .redirectErrorStream(true).start();
    }

    /** When the burner's threads all began to burn (epoch ms), read from its output. */
    static long burningSince(Process burner) throws java.io.IOException {
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(burner.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("burning since ")) {
                return Long.parseLong(line.substring("burning since ".length()).trim());
            }
        }
        throw new AssertionError("the burner ended without burning");
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        double duty = Double.parseDouble(args[1]);
        double seconds = Double.parseDouble(args[2]);
        long endNanos = seconds <= 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> burners = new ArrayList<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> burn(duty, endNanos, started), "burner-" + i);
            thread.start();
            burners.add(thread);
        }
        started.await();
        System.out.println("burning since " + System.currentTimeMillis());
        System.out.flush();
        for (Thread thread : burners) {
            thread.join();
        }
    }

    private static void burn(double duty, long endNanos, java.util.concurrent.CountDownLatch started) {
        long periodNanos = 100_000_000L;
        long busyNanos = (long) (periodNanos * duty);
        started.countDown();
        while (System.nanoTime() - endNanos < 0) {
            long periodStart = System.nanoTime();
            while (System.nanoTime() - periodStart < busyNanos) {
                Thread.onSpinWait();
            }
            long rest = periodNanos - (System.nanoTime() - periodStart);
            if (rest > 0) {
                try {
                    Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
