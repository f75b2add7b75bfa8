package io.stressfw.orchestrator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WebSocket fan-out benchmark (not run by verify; JDK only, so it runs as a single source file):
 * connects N clients to a running orchestrator's /ws and, for every real_time_update, measures the time from the
 * event (its timestamp_ms, stamped by the server when it built the message) to its arrival at each client. The
 * figure that matters is "event to last client": the slowest of the N deliveries of one message. Client and
 * server must share a clock (same host).
 *
 * <pre>java orchestrator-service/src/test/java/io/stressfw/orchestrator/bench/WebSocketFanOutBench.java \
 *     ws://localhost:8000/ws 100 30</pre>
 */
public final class WebSocketFanOutBench {
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"real_time_update\"");
    private static final Pattern STAMP = Pattern.compile("\"timestamp_ms\"\\s*:\\s*(\\d+)");

    private WebSocketFanOutBench() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args.length > 0 ? args[0] : "ws://localhost:8000/ws");
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmupSeconds = 3;

        Map<Long, List<Long>> arrivals = new ConcurrentHashMap<>();
        AtomicLong measuring = new AtomicLong(Long.MAX_VALUE);
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public void onOpen(WebSocket webSocket) {
                    connected.countDown();
                    webSocket.request(1);
                }

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    long now = System.currentTimeMillis();
                    partial.append(data);
                    if (last) {
                        String text = partial.toString();
                        partial.setLength(0);
                        if (TYPE.matcher(text).find()) {
                            Matcher m = STAMP.matcher(text);
                            if (m.find()) {
                                long stamp = Long.parseLong(m.group(1));
                                if (stamp >= measuring.get()) {
                                    arrivals.computeIfAbsent(stamp, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                            .add(now - stamp);
                                }
                            }
                        }
                    }
                    webSocket.request(1);
                    return null;
                }
            }).join());
        }
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not all clients connected");
        }
        Thread.sleep(warmupSeconds * 1000L);
        measuring.set(System.currentTimeMillis());
        Thread.sleep(seconds * 1000L);
        measuring.set(Long.MAX_VALUE);
        Thread.sleep(1000);
        sockets.forEach(WebSocket::abort);

        List<Long> lastClient = new ArrayList<>();
        List<Long> perClient = new ArrayList<>();
        int complete = 0;
        for (List<Long> deliveries : arrivals.values()) {
            List<Long> copy;
            synchronized (deliveries) {
                copy = new ArrayList<>(deliveries);
            }
            perClient.addAll(copy);
            if (copy.size() == clients) {
                complete++;
                lastClient.add(copy.stream().mapToLong(Long::longValue).max().orElseThrow());
            }
        }
        System.out.printf("clients=%d  messages=%d  delivered to all clients=%d  deliveries=%d%n",
                clients, arrivals.size(), complete, perClient.size());
        System.out.println("| metric (ms)                    | p50 | p95 | p99 | max |");
        System.out.println("|--------------------------------|-----|-----|-----|-----|");
        row("event -> last client (per msg)", lastClient);
        row("event -> each client", perClient);
    }

    private static void row(String name, List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.printf("| %-30s | n/a | n/a | n/a | n/a |%n", name);
            return;
        }
        System.out.printf("| %-30s | %3d | %3d | %3d | %3d |%n", name, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
                sorted[sorted.length - 1]);
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

}
