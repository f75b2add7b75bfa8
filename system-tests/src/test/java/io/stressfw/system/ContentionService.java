package io.stressfw.system;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The user's own service in the SLO scenarios: an HTTP server on loopback, in a process of its own, whose
 * {@code /checkout} does a fixed amount of CPU work (SHA-256 over {@link #HASH_ROUNDS} × 64 KiB) on its one worker
 * thread, then answers 200, while its own users keep that thread a little busy with the same work
 * ({@link #USER_REQUESTS_PER_SECOND}, Poisson arrivals from a fixed seed, in-process). The process runs at the lowest
 * CPU priority (nice 19, in a scheduling group of its own when the kernel groups by session), as a batch-class
 * service would: it gets the CPU the agents leave, so that its latency follows their load rather than the
 * scheduler's noise. At the default priority the kernel shares a core fairly between the service's group and each
 * agent's, a 40 % busy service never runs short, and its p95 moved only 1.5-3 times its idle value from 10 % to 85 %
 * of the host, not always past a bar of 1.5 times its idle value (measured). Nothing in the test slows it otherwise:
 * the probe's request waits behind the users' ones and behind the agents' busy slices.
 */
final class ContentionService implements AutoCloseable {
    /**
     * About 1 ms of one core of a quiet machine of 2026-12-01 (64 rounds took 4.2 ms). At 64 the service's own users
     * kept its worker 75 % busy beside the idle platform on that machine (the same work cost twice the CPU next to it)
     * and saturated it on the CI's: idle p95 82 ms against a 100 ms probe time-out, the host over 95 % with no cycle
     * running, and the band's top no slower than idle. A light service leaves room for slower machines: what slows it
     * under load is waiting for the CPU the agents leave, not its own queue.
     */
    static final int HASH_ROUNDS = 16;
    /** With {@link #HASH_ROUNDS}, about a twentieth of one core on a quiet machine, a tenth beside the idle platform. */
    static final double USER_REQUESTS_PER_SECOND = 50;
    /** Enough requests for the JIT to compile the hashing (under a second). */
    private static final int WARM_UP_REQUESTS = 300;
    private static final byte[] BLOCK = new byte[64 * 1024];
    private static final String PORT_LINE = "checkout port ";

    private final Process process;
    private final int port;

    private ContentionService(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service's process and waits for its port; it ends when this JVM does (its stdin closes). */
    static ContentionService start() throws IOException {
        List<String> command = new ArrayList<>();
        boolean ownGroup = Files.isExecutable(Path.of("/usr/bin/setsid"));
        if (ownGroup) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ContentionService.class.getName(), ownGroup ? "own-group" : "shared-group"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(PORT_LINE)) {
            // the JVM's own notices, if any
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the checkout service's process ended before it listened: " + command);
        }
        return new ContentionService(process, Integer.parseInt(line.substring(PORT_LINE.length()).trim()));
    }

    URI checkout() {
        return URI.create("http://127.0.0.1:" + port + "/checkout");
    }

    @Override
    public void close() {
        process.destroy();
    }

    /**
     * The service's process: its request path compiled first, at the default priority (at the lowest, the JIT's own
     * threads would wait out every other process's start-up and the service would answer interpreted, many times
     * slower), then every thread of it at the lowest priority, and its scheduling group too when it leads a session of
     * its own; the server and its users, its port on stdout, and the end when stdin closes.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        for (int i = 0; i < WARM_UP_REQUESTS; i++) {
            work();
        }
        lowestPriority(args.length > 0 && args[0].equals("own-group"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "checkout-worker"));
        server.setExecutor(worker);
        server.createContext("/checkout", exchange -> {
            byte[] body = work().getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Thread users = new Thread(() -> users(worker), "checkout-users");
        users.setDaemon(true);
        users.start();
        System.out.println(PORT_LINE + server.getAddress().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is sent: the parent's end closing is the signal
        }
        Runtime.getRuntime().halt(0);
    }

    private static void lowestPriority(boolean ownGroup) throws IOException, InterruptedException {
        if (ownGroup) {
            try {
                Files.writeString(Path.of("/proc/self/autogroup"), "19");
            } catch (IOException | UnsupportedOperationException noAutogroup) {
                // the kernel does not group by session: the threads' nice value is what counts
            }
        }
        // By process group: every thread of this process (it leads its group when it leads a session), not only main.
        String target = ownGroup ? "-g" : "-p";
        Process renice = new ProcessBuilder("renice", "-n", "19", target, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (renice.waitFor() != 0) {
            throw new IOException("renice -n 19 " + target + " " + ProcessHandle.current().pid() + " failed");
        }
    }

    /** The users' requests: exponential gaps at {@link #USER_REQUESTS_PER_SECOND}, each queued on the worker. */
    private static void users(ExecutorService worker) {
        Random gaps = new Random(19);
        long next = System.nanoTime();
        while (true) {
            next += (long) (-Math.log(1 - gaps.nextDouble()) / USER_REQUESTS_PER_SECOND * 1e9);
            LockSupport.parkNanos(next - System.nanoTime());
            try {
                worker.execute(ContentionService::work);
            } catch (RejectedExecutionException closed) {
                return;
            }
        }
    }

    /** The request's CPU work; its digest is the answer, so that the JIT cannot drop it. */
    static String work() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < HASH_ROUNDS; i++) {
                sha.update(BLOCK);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
