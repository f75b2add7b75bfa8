package io.stressfw.system;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The user's own service in the SLO scenarios: an HTTP server on loopback whose {@code /checkout} does a fixed amount
 * of CPU work (SHA-256 over {@link #HASH_ROUNDS} × 64 KiB) on its one worker thread, then answers 200, while its own
 * users keep that thread about 40 % busy with the same work ({@link #USER_REQUESTS_PER_SECOND}, Poisson arrivals
 * from a fixed seed, in-process). Nothing in the test slows it: the probe's request waits behind the users' ones,
 * and the waits grow only because the agents' CPU load leaves the worker thread less of the host (a service that
 * nobody uses never queues, and a lone short request is served at once by the scheduler however busy the host is).
 */
final class ContentionService implements AutoCloseable {
    /** About 5 ms of one core of this machine when nothing else runs. */
    static final int HASH_ROUNDS = 64;
    /** With {@link #HASH_ROUNDS}, about 40 % of one core. */
    static final double USER_REQUESTS_PER_SECOND = 80;
    private static final byte[] BLOCK = new byte[64 * 1024];

    private final HttpServer server;
    private final ExecutorService worker;
    private final Thread users;

    private ContentionService(HttpServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
        this.users = new Thread(this::users, "checkout-users");
        users.setDaemon(true);
    }

    static ContentionService start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "checkout-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.createContext("/checkout", exchange -> {
            byte[] body = work().getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ContentionService service = new ContentionService(server, worker);
        service.users.start();
        return service;
    }

    /** The users' requests: exponential gaps at {@link #USER_REQUESTS_PER_SECOND}, each queued on the worker. */
    private void users() {
        Random gaps = new Random(19);
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            next += (long) (-Math.log(1 - gaps.nextDouble()) / USER_REQUESTS_PER_SECOND * 1e9);
            LockSupport.parkNanos(next - System.nanoTime());
            try {
                worker.execute(ContentionService::work);
            } catch (RejectedExecutionException closed) {
                return;
            }
        }
    }

    URI checkout() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/checkout");
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

    @Override
    public void close() {
        users.interrupt();
        server.stop(0);
        worker.shutdownNow();
    }
}
