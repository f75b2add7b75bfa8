package io.stressfw.orchestrator.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.ServiceKind;
import io.stressfw.orchestrator.testing.InMemoryProfile;
import io.stressfw.orchestrator.testing.SimulatedAgent;
import io.stressfw.orchestrator.testing.Wire;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(InMemoryProfile.class)
class DashboardSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/ws")
    URI uri;

    @Inject
    @Any
    InMemoryConnector connector;

    private WebSocket socket;
    private SimulatedAgent agent;

    @org.junit.jupiter.api.BeforeEach
    void startAnAgent() {
        agent = SimulatedAgent.inMemory(connector, "agent-socket").awaitListed(() -> given().get("/agents").then().extract().path("agents.id"));
    }

    /** A client that keeps every text message it receives. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private final java.util.List<JsonNode> seen = new java.util.ArrayList<>();

        /** The first not yet consumed matching message, whatever arrived in between (order across types is free). */
        JsonNode next(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (java.util.Iterator<JsonNode> it = seen.iterator(); it.hasNext(); ) {
                    JsonNode m = it.next();
                    if (match.test(m)) {
                        it.remove();
                        return m;
                    }
                }
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("no matching message within " + timeout);
                }
                JsonNode m = messages.poll(50, TimeUnit.MILLISECONDS);
                if (m != null && !"real_time_update".equals(m.path("type").asText()) || m != null && match.test(m)) {
                    seen.add(m);
                }
            }
        }
    }

    private Client connect() {
        Client client = new Client();
        URI ws = URI.create(uri.toString().replaceFirst("^http", "ws"));
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, client).join();
        return client;
    }

    /**
     * Sends the agent's heartbeat until the client hears it joined: the in-memory source drops what it gets before
     * its consumer subscribed. One heartbeat more or less does not change when the agent leaves (3 s after the last).
     */
    private static JsonNode joinAgent(Client client, InMemorySource<String> heartbeats, String agentId, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            heartbeats.send(Wire.heartbeat(agentId, ServiceKind.AGENT));
            try {
                return client.next(m -> type("agent_joined").test(m) && agentId.equals(m.path("agent").path("id").asText()),
                        Duration.ofMillis(500));
            } catch (AssertionError notYet) {
                if (System.nanoTime() >= deadline) {
                    throw notYet;
                }
            }
        }
    }

    private static Predicate<JsonNode> type(String type) {
        return m -> type.equals(m.path("type").asText());
    }

    @AfterEach
    void close() {
        if (socket != null) {
            socket.abort();
        }
        given().post("/emergency/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(given().get("/status").then().extract().path("state")));
        agent.close();
    }

    @Test
    void theFirstMessageIsTheCurrentStateThenRealTimeUpdatesFlowWhileIdle() throws Exception {
        Client client = connect();
        JsonNode first = client.messages.poll(5, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.path("type").asText()).isEqualTo("state");
        assertThat(first.has("current_phase")).isTrue();
        assertThat(first.has("safety_online")).isTrue();
        long start = System.nanoTime();
        JsonNode a = client.next(type("real_time_update"), Duration.ofSeconds(3));
        client.next(type("real_time_update"), Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_000));
        assertThat(a.path("metrics").has("cpu_usage")).isTrue();
        assertThat(a.path("achieved").has("cpu")).isTrue();
        assertThat(a.path("target").has("network")).isTrue();
    }

    @Test
    void aClientConnectingMidCycleGetsTheRunningStateFirst() throws Exception {
        String id = given().contentType("application/json").body("{\"phases\": [\"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}")
                .post("/cycle/start").then().statusCode(202).extract().path("cycle_id");
        Client client = connect();
        JsonNode first = client.messages.poll(5, TimeUnit.SECONDS);
        assertThat(first.path("type").asText()).isEqualTo("state");
        assertThat(first.path("cycle_id").asText()).isEqualTo(id);
        assertThat(first.path("current_phase").asText()).isEqualTo("medium");
        JsonNode update = client.next(m -> type("real_time_update").test(m) && m.path("current_load_percent").asDouble() > 0,
                Duration.ofSeconds(5));
        assertThat(update.path("cycle_id").asText()).isEqualTo(id);
        assertThat(update.path("target").path("cpu").asDouble()).isGreaterThan(0);
    }

    @Test
    void setThresholdsWithTheSeedsFlatMapIsMergedBySafety() throws Exception {
        Client client = connect();
        socket.sendText("{\"type\":\"command\",\"id\":7,\"command\":{\"type\":\"set_thresholds\","
                + "\"cpu_usage\":85.0,\"memory_usage\":90.0}}", true);
        JsonNode ack = client.next(type("ack"), Duration.ofSeconds(5));
        assertThat(ack.path("command").asText()).isEqualTo("set_thresholds");
        assertThat(ack.path("result").path("rules").path(0).path("limit").asDouble()).isEqualTo(85.0);
        socket.sendText("{\"type\":\"command\",\"command\":{\"type\":\"set_thresholds\","
                + "\"thresholds\":{\"gpu_usage\":80}}}", true);
        JsonNode error = client.next(type("error"), Duration.ofSeconds(5));
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("field").asText()).isEqualTo("gpu_usage");
    }

    @Test
    void startAdjustStopAndEmergencyStopCommandsAreAcknowledged() throws Exception {
        Client client = connect();
        socket.sendText("{\"type\":\"command\",\"command\":{\"type\":\"start\",\"phases\":[\"medium\"],\"override_safety\":true,\"override_safety_watchdog\":true}}", true);
        JsonNode ack = client.next(type("ack"), Duration.ofSeconds(5));
        assertThat(ack.path("command").asText()).isEqualTo("start");
        assertThat(ack.path("result").path("cycle_id").asText()).startsWith("cycle-");
        JsonNode change = client.next(m -> type("phase_change").test(m) && "phase_started".equals(m.path("event_type").asText()),
                Duration.ofSeconds(5));
        assertThat(change.path("phase").asText()).isEqualTo("medium");
        assertThat(change.path("event").asText()).as("the seed's short event name").isEqualTo("started");

        socket.sendText("{\"type\":\"command\",\"command\":{\"type\":\"adjust\",\"phase\":\"medium\",\"target_load\":60}}", true);
        assertThat(client.next(type("ack"), Duration.ofSeconds(5)).path("result").path("target_load").asDouble()).isEqualTo(60);
        client.next(m -> type("phase_change").test(m) && "load_adjusted".equals(m.path("event_type").asText()), Duration.ofSeconds(5));

        socket.sendText("{\"type\":\"command\",\"command\":{\"type\":\"stop\"}}", true);
        assertThat(client.next(type("ack"), Duration.ofSeconds(5)).path("command").asText()).isEqualTo("stop");
        client.next(m -> type("phase_change").test(m) && "ramp_down_started".equals(m.path("event_type").asText()), Duration.ofSeconds(5));

        socket.sendText("{\"type\":\"command\",\"command\":{\"type\":\"emergency_stop\"}}", true);
        JsonNode stopped = client.next(type("ack"), Duration.ofSeconds(5));
        assertThat(stopped.path("result").path("acknowledged").asBoolean()).isTrue();
        JsonNode report = client.next(type("cycle_report"), Duration.ofSeconds(5));
        assertThat(report.path("report").path("outcome").asText()).isEqualTo("aborted");
    }

    @Test
    void malformedAndUnknownMessagesGetAnErrorAndTheConnectionStaysOpen() throws Exception {
        Client client = connect();
        client.next(type("state"), Duration.ofSeconds(5));
        String[] bad = {
                "{not json",
                "[1,2]",
                "{\"type\":\"dance\"}",
                "{\"type\":\"command\"}",
                "{\"type\":\"command\",\"command\":{\"type\":\"warp\"}}",
                "{\"type\":\"command\",\"command\":{\"type\":\"adjust\",\"phase\":\"medium\",\"target_load\":\"lots\"}}",
                "{\"type\":\"command\",\"command\":{\"type\":\"adjust\",\"phase\":\"medium\",\"target_load\":160}}",
                "{\"type\":\"command\",\"command\":{\"type\":\"start\",\"phases\":[]}}",
                "{\"type\":\"command\",\"command\":{\"type\":\"start\",\"phases\":[\"nope\"]}}",
                "{\"type\":\"command\",\"command\":{\"type\":\"stop\"}}",
        };
        for (String message : bad) {
            socket.sendText(message, true).join();
            JsonNode error = client.next(type("error"), Duration.ofSeconds(5));
            assertThat(error.path("message").asText()).as(message).isNotBlank();
        }
        socket.sendText("{\"type\":\"ping\",\"id\":7}", true).join();
        JsonNode pong = client.next(type("ack"), Duration.ofSeconds(5));
        assertThat(pong.path("id").asInt()).isEqualTo(7);
        assertThat(socket.isInputClosed()).isFalse();
    }

    @Test
    void safetyEventsAndAgentJoinLeaveArePushed() throws Exception {
        Client client = connect();
        client.next(type("state"), Duration.ofSeconds(5));
        // The first update proves the connection joined the fan-out (it does so right after the state message).
        client.next(type("real_time_update"), Duration.ofSeconds(5));
        InMemorySource<String> heartbeats = connector.source("heartbeats-in");
        JsonNode joined = joinAgent(client, heartbeats, "agent-ws", Duration.ofSeconds(5));
        assertThat(joined.path("agent").path("id").asText()).isEqualTo("agent-ws");
        connector.<String>source("violations-in").send(Wire.violation(null, SafetyAction.WARN));
        JsonNode safety = client.next(type("safety_event"), Duration.ofSeconds(5));
        assertThat(safety.path("event").path("rule_id").asText()).isEqualTo("cpu-high");
        JsonNode left = client.next(m -> type("agent_left").test(m) && "agent-ws".equals(m.path("agent").path("id").asText()),
                Duration.ofSeconds(8));
        assertThat(left.path("agent").path("host").asText()).isEqualTo("host-agent-ws");
    }
}
