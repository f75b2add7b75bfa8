import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast this machine hands a process memory it has not touched before, and what it costs: 10 MB direct chunks
 * (as the agent's memory generator allocates them), every page written once, with the wall time and the thread's own
 * CPU time per 400 MB. The memory generator paces its growth by the time a chunk took ({@code GrowthPacer}); this
 * says whether that time is CPU (then pacing is what keeps a phase's CPU threshold safe) or waiting.
 *
 * <pre>java -XX:MaxDirectMemorySize=8g load-agent-service/bench/PageInBench.java [CHUNKS, default 480]</pre>
 */
public final class PageInBench {
    private static final int CHUNK = 10 << 20;
    private static final int PAGE = 4096;
    private static final int ROW = 40;

    public static void main(String[] args) {
        int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 480;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<ByteBuffer> held = new ArrayList<>();
        System.out.println("| held MB | wall ms per 400 MB | thread CPU ms | MB/s |");
        System.out.println("|---:|---:|---:|---:|");
        long wall = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 1; i <= chunks; i++) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
            for (int p = 0; p < CHUNK; p += PAGE) {
                chunk.put(p, (byte) 1);
            }
            held.add(chunk);
            if (i % ROW == 0) {
                long nowWall = System.nanoTime();
                long nowCpu = threads.getCurrentThreadCpuTime();
                System.out.printf("| %d | %.0f | %.0f | %.0f |%n", i * 10, (nowWall - wall) / 1e6, (nowCpu - cpu) / 1e6,
                        ROW * 10 / ((nowWall - wall) / 1e9));
                wall = nowWall;
                cpu = nowCpu;
            }
        }
        System.out.println("held " + held.size() * 10 + " MB");
    }
}
