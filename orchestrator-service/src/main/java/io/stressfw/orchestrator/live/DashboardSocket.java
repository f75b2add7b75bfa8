package io.stressfw.orchestrator.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.identity.SecurityIdentity;
import io.stressfw.orchestrator.api.ControlActions;
import io.stressfw.orchestrator.security.CommandAuthorizer;
import io.stressfw.service.ProblemException;
import io.stressfw.service.security.ApiKeyRegistry;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's socket. On connect it sends the current state first, then the live messages; it accepts
 * {@code {"type":"command","command":{...}}} for start, stop, emergency_stop and adjust and answers each message
 * with an {@code ack} or an {@code error}: a bad message never closes the connection. Handlers run on worker
 * threads (they take the engine's lock and may wait for Kafka).
 */
@WebSocket(path = "/ws")
public class DashboardSocket {
    /** Upper bound on waiting for a start's safety gate or an emergency stop's acknowledgement. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    io.stressfw.orchestrator.integration.SafetyThresholds thresholds;
    @Inject
    LiveFeed feed;
    @Inject
    StatusView view;
    @Inject
    ControlActions actions;
    @Inject
    ObjectMapper mapper;
    @Inject
    SecurityIdentity identity;
    @Inject
    CommandAuthorizer authorizer;
    @Inject
    ApiKeyRegistry access;

    @OnOpen
    public void onOpen(WebSocketConnection connection) {
        connection.sendTextAndAwait(feed.toJson(view.stateMessage()));
        feed.ready(connection);
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        feed.closed(connection);
    }

    @OnTextMessage
    public String onMessage(String text, WebSocketConnection connection) {
        Object requestId = null;
        try {
            JsonNode message;
            try {
                message = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                return error(null, null, "malformed JSON: " + e.getOriginalMessage());
            }
            if (message == null || !message.isObject()) {
                return error(null, null, "a message must be a JSON object like {\"type\":\"command\",\"command\":{...}}");
            }
            JsonNode id = message.get("id");
            requestId = id == null || id.isNull() ? null : mapper.treeToValue(id, Object.class);
            String type = message.path("type").asText("");
            if ("ping".equals(type)) {
                return ack(requestId, "ping", Map.of());
            }
            if (!"command".equals(type)) {
                return error(requestId, "type", "unknown message type '" + type + "', expected command or ping");
            }
            JsonNode command = message.get("command");
            if (command == null || !command.isObject()) {
                return error(requestId, "command", "must be an object with a type");
            }
            String commandType = command.path("type").asText("");
            var refused = authorizer.refusal(identity, commandType);
            if (refused.isPresent()) {
                return error(requestId, "command.type", refused.get().message(), refused.get().status());
            }
            Map<String, Object> result = switch (commandType) {
                case "emergency_stop" -> await(actions.emergencyStop("operator emergency stop (dashboard)"));
                case "stop" -> actions.stop("operator stop (dashboard)");
                case "adjust" -> actions.adjust(withoutType(command));
                case "start" -> await(actions.start(withoutType(command), access.caller(identity)));
                case "quick" -> await(actions.quick(withoutType(command), access.caller(identity)));
                case "set_thresholds" -> await(thresholds.merge(command.has("thresholds")
                        ? command.get("thresholds") : withoutType(command), credentials(connection)));
                default -> null;
            };
            if (result == null) {
                return error(requestId, "command.type", "unknown command '" + commandType
                        + "', expected one of emergency_stop, stop, adjust, start, quick, set_thresholds");
            }
            return ack(requestId, commandType, result);
        } catch (ProblemException e) {
            return error(requestId, e.problem().field(), e.problem().detail(), e.problem().status());
        } catch (RuntimeException | JsonProcessingException e) {
            return error(requestId, null, "command failed: " + e.getMessage());
        }
    }

    /**
     * The credentials the socket was opened with (its {@code Authorization} header, or the {@code access_token} a
     * browser puts in the URL), passed on to safety-service, which decides by the same roles whether this caller may
     * change its rules: the orchestrator's own key is never enough for that.
     */
    private static java.util.Optional<String> credentials(WebSocketConnection connection) {
        var handshake = connection.handshakeRequest();
        String header = handshake.header("Authorization");
        if (header != null && !header.isBlank()) {
            return java.util.Optional.of(header);
        }
        return io.stressfw.orchestrator.integration.SafetyThresholds.queryToken(handshake.query());
    }

    private static Map<String, Object> await(Uni<Map<String, Object>> uni) {
        return uni.await().atMost(COMMAND_TIMEOUT);
    }

    private JsonNode withoutType(JsonNode command) {
        var copy = command.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("type");
        return copy;
    }

    private String ack(Object id, String command, Map<String, Object> result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "ack");
        if (id != null) {
            m.put("id", id);
        }
        m.put("command", command);
        m.put("result", result);
        return feed.toJson(m);
    }

    private String error(Object id, String field, String message) {
        return error(id, field, message, 400);
    }

    private String error(Object id, String field, String message, int status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        if (id != null) {
            m.put("id", id);
        }
        m.put("status", status);
        if (field != null) {
            m.put("field", field);
        }
        m.put("message", message);
        return feed.toJson(m);
    }
}
