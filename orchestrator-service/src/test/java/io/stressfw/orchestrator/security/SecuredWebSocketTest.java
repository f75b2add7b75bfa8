package io.stressfw.orchestrator.security;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(SecuredProfile.class)
class SecuredWebSocketTest {
    @TestHTTPResource("/ws")
    URI uri;
    @Inject
    OpenConnections open;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new ArrayList<>();

    /** Keeps the text messages and the close code of one connection. */
    static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    @BeforeEach
    void noConnectionLeftFromAnotherTest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> open.listAll().isEmpty());
    }

    @AfterEach
    void closeAll() {
        for (WebSocket socket : sockets) {
            socket.abort();
        }
        sockets.clear();
    }

    private URI withToken(String key) {
        return URI.create(uri.toString().replaceFirst("^http", "ws") + "?access_token=" + key);
    }

    private WebSocket connect(URI target, WebSocket.Builder builder, Listener listener) throws Exception {
        WebSocket socket = builder.buildAsync(target, listener).get(10, TimeUnit.SECONDS);
        sockets.add(socket);
        return socket;
    }

    private static int refusalStatus(Throwable thrown) {
        Throwable cause = thrown instanceof ExecutionException || thrown instanceof CompletionException ? thrown.getCause() : thrown;
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    @Test
    void anUpgradeWithoutATokenIsRefused() {
        URI plain = URI.create(uri.toString().replaceFirst("^http", "ws"));
        Throwable thrown = catchThrowable(() -> http.newWebSocketBuilder().buildAsync(plain, new Listener())
                .get(10, TimeUnit.SECONDS));
        assertThat(refusalStatus(thrown)).isEqualTo(401);
        Throwable wrong = catchThrowable(() -> http.newWebSocketBuilder()
                .buildAsync(withToken("not-a-configured-key-000"), new Listener()).get(10, TimeUnit.SECONDS));
        assertThat(refusalStatus(wrong)).isEqualTo(401);
    }

    @Test
    void aViewerConnectsWithAQueryTokenOrAHeaderAndGetsTheState() throws Exception {
        Listener byQuery = new Listener();
        connect(withToken(SecuredProfile.VIEWER), http.newWebSocketBuilder(), byQuery);
        assertThat(byQuery.messages.poll(10, TimeUnit.SECONDS)).contains("\"type\"");
        Listener byHeader = new Listener();
        connect(URI.create(uri.toString().replaceFirst("^http", "ws")),
                http.newWebSocketBuilder().header("Authorization", "Bearer " + SecuredProfile.OPERATOR), byHeader);
        assertThat(byHeader.messages.poll(10, TimeUnit.SECONDS)).contains("\"type\"");
    }

    @Test
    void connectionsOverTheCapAreRefusedUntilOneCloses() throws Exception {
        for (int i = 0; i < SecuredProfile.MAX_SOCKETS; i++) {
            Listener listener = new Listener();
            connect(withToken(SecuredProfile.VIEWER), http.newWebSocketBuilder(), listener);
            assertThat(listener.messages.poll(10, TimeUnit.SECONDS)).as("connection %d", i).isNotNull();
        }
        Throwable thrown = catchThrowable(() -> http.newWebSocketBuilder()
                .buildAsync(withToken(SecuredProfile.VIEWER), new Listener()).get(10, TimeUnit.SECONDS));
        assertThat(refusalStatus(thrown)).isEqualTo(503);

        WebSocket first = sockets.remove(0);
        first.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            WebSocket again = http.newWebSocketBuilder().buildAsync(withToken(SecuredProfile.VIEWER), new Listener())
                    .get(10, TimeUnit.SECONDS);
            sockets.add(again);
        });
    }

    @Test
    void aMessageOverTheSizeLimitClosesOnlyThatConnection() throws Exception {
        Listener bystander = new Listener();
        connect(withToken(SecuredProfile.VIEWER), http.newWebSocketBuilder(), bystander);
        Listener listener = new Listener();
        WebSocket socket = connect(withToken(SecuredProfile.OPERATOR), http.newWebSocketBuilder(), listener);
        assertThat(listener.messages.poll(10, TimeUnit.SECONDS)).isNotNull();
        String oversized = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        socket.sendText(oversized, true);
        // Vert.x refuses the frame past quarkus.websockets-next.server.max-message-size; websockets-next then
        // closes that connection as failed (1011).
        assertThat(listener.closed.get(10, TimeUnit.SECONDS)).isIn(1009, 1011);
        bystander.messages.clear();
        assertThat(bystander.messages.poll(10, TimeUnit.SECONDS)).as("the other connection still gets updates").isNotNull();
        assertThat(bystander.closed).isNotDone();
    }

    @Test
    void aViewerMayEmergencyStopOverTheSocketButNotStartACycle() throws Exception {
        Listener listener = new Listener();
        WebSocket socket = connect(withToken(SecuredProfile.VIEWER), http.newWebSocketBuilder(), listener);
        assertThat(listener.messages.poll(10, TimeUnit.SECONDS)).contains("\"type\"");

        socket.sendText("{\"type\":\"command\",\"id\":\"s1\",\"command\":{\"type\":\"start\",\"phases\":[\"light\"]}}", true);
        assertThat(answerTo(listener, "s1")).contains("\"type\":\"error\"", "403");

        socket.sendText("{\"type\":\"command\",\"id\":\"e1\",\"command\":{\"type\":\"emergency_stop\"}}", true);
        assertThat(answerTo(listener, "e1")).contains("\"type\":\"ack\"");
    }

    /** Issue 18, hole 5, over the socket: the override flags need admin there too. */
    @Test
    void anOperatorMayNotOverrideSafetyOverTheSocket() throws Exception {
        Listener listener = new Listener();
        WebSocket socket = connect(withToken(SecuredProfile.OPERATOR), http.newWebSocketBuilder(), listener);
        assertThat(listener.messages.poll(10, TimeUnit.SECONDS)).contains("\"type\"");
        socket.sendText("{\"type\":\"command\",\"id\":\"o1\",\"command\":{\"type\":\"quick\",\"target_load\":100,"
                + "\"duration\":86400,\"override_safety\":true}}", true);
        assertThat(answerTo(listener, "o1")).contains("\"type\":\"error\"", "\"status\":403", "\"field\":\"override_safety\"",
                "it needs admin");
    }

    /**
     * Issue 18, hole 4: a page from another origin cannot open the socket, even with a valid key, and its refused
     * handshakes hold no connection slot (the origin check runs before the cap).
     */
    @Test
    void aForeignOriginIsRefusedAndTakesNoSlot() throws Exception {
        for (int i = 0; i < SecuredProfile.MAX_SOCKETS + 1; i++) {
            Throwable thrown = catchThrowable(() -> http.newWebSocketBuilder().header("Origin", "https://evil.example")
                    .buildAsync(withToken(SecuredProfile.ADMIN), new Listener()).get(10, TimeUnit.SECONDS));
            assertThat(refusalStatus(thrown)).isEqualTo(403);
        }
        for (int i = 0; i < SecuredProfile.MAX_SOCKETS; i++) {
            Listener listener = new Listener();
            connect(withToken(SecuredProfile.VIEWER), http.newWebSocketBuilder(), listener);
            assertThat(listener.messages.poll(10, TimeUnit.SECONDS)).as("connection %d", i).isNotNull();
        }
    }

    private static String answerTo(Listener listener, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() - deadline < 0) {
            String message = listener.messages.poll(1, TimeUnit.SECONDS);
            if (message != null && message.contains("\"id\":\"" + id + "\"")) {
                return message;
            }
        }
        throw new AssertionError("no answer to " + id);
    }
}
