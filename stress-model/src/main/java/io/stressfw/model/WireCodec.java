package io.stressfw.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * JSON encoding of the wire payloads. Unknown properties are tolerated (a newer producer may add optional fields);
 * an unknown schema version is not.
 */
public final class WireCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private WireCodec() {
    }

    public static String encode(Versioned payload) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + payload.getClass().getSimpleName(), e);
        }
    }

    /** Reads one payload; the exception's message says which field is wrong and why, fit for a dead letter. */
    public static <T extends Versioned> T decode(String json, Class<T> type) throws MalformedMessageException {
        if (json == null || json.isBlank()) {
            throw new MalformedMessageException("empty message");
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonMappingException e) {
            throw new MalformedMessageException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (value == null) {
            throw new MalformedMessageException("empty message");
        }
        if (value.version() != Versioned.SCHEMA_VERSION) {
            throw new MalformedMessageException("unsupported schema version " + value.version()
                    + " (this build reads version " + Versioned.SCHEMA_VERSION + ")");
        }
        return value;
    }

    /**
     * Reads a nested object whose record is only known from a sibling field (a phase event's {@code details}, chosen
     * by its {@code type}). Absent or null reads as an empty object. Problems name the field under {@code field}.
     */
    static <T> T nested(JsonNode node, Class<T> type, String field) {
        JsonNode value = node == null || node.isNull() ? MAPPER.createObjectNode() : node;
        if (!value.isObject()) {
            throw new IllegalArgumentException(field + " must be an object, was " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            return MAPPER.treeToValue(value, type);
        } catch (JsonMappingException e) {
            String described = describe(e);
            throw new IllegalArgumentException(described.startsWith("field '")
                    ? "field '" + field + "." + described.substring("field '".length()) : described);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + ": " + e.getOriginalMessage());
        }
    }

    private static String describe(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root instanceof IllegalArgumentException ? root.getMessage()
                : e.getOriginalMessage().lines().findFirst().orElse("invalid value");
        return path.isEmpty() ? reason : "field '" + path + "': " + reason;
    }
}
