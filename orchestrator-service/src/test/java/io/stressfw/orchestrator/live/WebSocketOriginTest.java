package io.stressfw.orchestrator.live;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stressfw.orchestrator.testing.InMemoryProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 18, hole 4: cross-site WebSocket hijacking. With access control off (the local run) any page the operator
 * had open could connect to /ws and send {"type":"command","command":{"type":"quick","target_load":100,...}}. A real
 * WebSocket client presents a browser's Origin header: a foreign origin is refused before any command is read; the
 * dashboard's own origin and clients that send no Origin (not browsers) connect. On main every handshake succeeded.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class WebSocketOriginTest {
    private static final String HIJACK = "{\"type\":\"command\",\"id\":\"h1\",\"command\":{\"type\":\"quick\","
            + "\"target_load\":100,\"duration\":86400,\"override_safety\":true,\"override_safety_watchdog\":true}}";

    @TestHTTPResource("/ws")
    URI uri;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new ArrayList<>();

    static final class Messages implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @AfterEach
    void closeAll() {
        sockets.forEach(WebSocket::abort);
        given().post("/emergency/stop").then().statusCode(200);
    }

    private URI ws() {
        return URI.create(uri.toString().replaceFirst("^http", "ws"));
    }

    private WebSocket open(WebSocket.Builder builder, Messages messages) throws Exception {
        WebSocket socket = builder.buildAsync(ws(), messages).get(10, TimeUnit.SECONDS);
        sockets.add(socket);
        return socket;
    }

    @Test
    void aPageFromAnotherOriginCannotOpenTheSocket() {
        for (String origin : new String[]{"https://evil.example", "http://evil.example:" + uri.getPort(), "null",
                "http://localhost:" + (uri.getPort() + 1)}) {
            Throwable thrown = catchThrowable(() -> http.newWebSocketBuilder().header("Origin", origin)
                    .buildAsync(ws(), new Messages()).get(10, TimeUnit.SECONDS));
            Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
            assertThat(cause).as(origin).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) cause).getResponse().statusCode()).as(origin).isEqualTo(403);
        }
        assertThat(given().get("/status").then().extract().<String>path("state")).isEqualTo("idle");
    }

    @Test
    void theDashboardsOwnOriginAndClientsWithoutAnOriginConnect() throws Exception {
        Messages sameOrigin = new Messages();
        WebSocket socket = open(http.newWebSocketBuilder().header("Origin", "http://" + uri.getHost() + ":" + uri.getPort()), sameOrigin);
        assertThat(sameOrigin.received.poll(10, TimeUnit.SECONDS)).contains("\"type\"");
        socket.sendText("{\"type\":\"ping\",\"id\":\"p1\"}", true);
        assertThat(answer(sameOrigin, "p1")).contains("\"type\":\"ack\"");

        Messages noOrigin = new Messages();
        open(http.newWebSocketBuilder(), noOrigin);
        assertThat(noOrigin.received.poll(10, TimeUnit.SECONDS)).contains("\"type\"");
    }

    /**
     * A page that rebinds its own name to this machine is same-origin to the browser; the loopback-only service
     * refuses it by its Host header, WebSocket upgrade included.
     */
    @Test
    void aRebindingPageIsRefusedByItsHostName() throws Exception {
        String rebound = "attacker.example:" + uri.getPort();
        assertThat(rawStatus("GET /ws HTTP/1.1\r\nHost: " + rebound + "\r\nOrigin: http://" + rebound
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")).isEqualTo(403);
        assertThat(rawStatus("POST /cycle/quick HTTP/1.1\r\nHost: " + rebound + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")).isEqualTo(403);
        assertThat(rawStatus("GET /status HTTP/1.1\r\nHost: localhost:" + uri.getPort() + "\r\nConnection: close\r\n\r\n"))
                .isEqualTo(200);
    }

    private int rawStatus(String request) throws Exception {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static String answer(Messages messages, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - deadline < 0) {
            String message = messages.received.poll(1, TimeUnit.SECONDS);
            if (message != null && message.contains("\"id\":\"" + id + "\"")) {
                return message;
            }
        }
        throw new AssertionError("no answer to " + id);
    }
}
