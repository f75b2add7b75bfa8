package io.stressfw.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.model.Checks;
import io.stressfw.model.Phase;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import jakarta.ws.rs.core.Response.Status;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads request bodies (REST and WebSocket commands) field by field, so that every refusal names the field and
 * the reason: a missing field, a string where a number belongs, a load outside 0-100, an unknown phase.
 */
public final class Bodies {
    private Bodies() {
    }

    /** Parses a request body; malformed JSON is refused with the parser's reason and position. */
    public static JsonNode parse(ObjectMapper mapper, String text) {
        if (text == null || text.isBlank()) {
            throw bad(null, "a JSON object body is required");
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw bad(null, "malformed JSON: " + e.getOriginalMessage()
                    + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        }
    }

    public static JsonNode object(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw bad(null, "a JSON object body is required");
        }
        if (!body.isObject()) {
            throw bad(null, "the body must be a JSON object, was " + body.getNodeType().name().toLowerCase());
        }
        return body;
    }

    public static List<Phase> phases(JsonNode body, String field, Set<Phase> defined, String source) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw bad(field, "is required (a list of phase names, e.g. [\"light\", \"medium\"])");
        }
        if (!node.isArray()) {
            throw bad(field, "must be a list of phase names");
        }
        if (node.isEmpty()) {
            throw bad(field, "must not be empty");
        }
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            phases.add(phase(node.get(i), field + "[" + i + "]", defined, source));
        }
        return phases;
    }

    public static Phase phase(JsonNode node, String field, Set<Phase> defined, String source) {
        if (node == null || node.isNull()) {
            throw bad(field, "is required");
        }
        if (!node.isTextual()) {
            throw bad(field, "must be a phase name, e.g. \"light\"");
        }
        Phase phase;
        try {
            phase = Phase.fromWire(node.asText());
        } catch (IllegalArgumentException e) {
            throw bad(field, e.getMessage());
        }
        if (!defined.contains(phase)) {
            throw bad(field, "phase '" + phase.wireName() + "' is not defined in " + source);
        }
        return phase;
    }

    public static double number(JsonNode body, String field, double min, double max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw bad(field, "is required");
        }
        return value(node, field, min, max);
    }

    public static double value(JsonNode node, String field, double min, double max) {
        if (!node.isNumber()) {
            throw bad(field, "must be a number, was " + node);
        }
        try {
            return Checks.between(node.asDouble(), min, max, field);
        } catch (IllegalArgumentException e) {
            // Checks names the field first; the problem carries the field on its own.
            throw bad(field, e.getMessage().substring(field.length()).trim());
        }
    }

    public static Double optionalNumber(JsonNode body, String field, double min, double max) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : value(node, field, min, max);
    }

    public static boolean flag(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw bad(field, "must be true or false, was " + node);
        }
        return node.booleanValue();
    }

    public static String optionalText(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw bad(field, "must be a string");
        }
        if (node.asText().length() > maxLength) {
            throw bad(field, "must be at most " + maxLength + " characters");
        }
        return node.asText();
    }

    /** Refuses fields the operation does not know: a typo must not silently fall back to a default. */
    public static void only(JsonNode body, String... known) {
        Set<String> allowed = new LinkedHashSet<>(List.of(known));
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw bad(name, "unknown field; expected one of " + allowed);
            }
        });
    }

    public static ProblemException bad(String field, String reason) {
        return Problem.ofField(Status.BAD_REQUEST, field, reason).asException();
    }
}
