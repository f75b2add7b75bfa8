package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A failed call to the orchestrator, with a message fit for one line of a CI log: the request, the HTTP status and,
 * for an application/problem+json answer, its title, detail and field.
 */
public final class OrchestratorException extends RuntimeException {

    private final int status;
    /** The problem's field errors as "field: reason", in order; empty when the answer named none. */
    private final List<String> errors;
    private final List<String> fields;
    private final long retryAfterSeconds;

    public OrchestratorException(String message, int status) {
        this(message, status, List.of(), List.of(), 0);
    }

    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errors = List.of();
        this.fields = List.of();
        this.retryAfterSeconds = 0;
    }

    private OrchestratorException(String message, int status, List<String> fields, List<String> errors,
                                  long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.fields = fields;
        this.errors = errors;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** HTTP status of the answer, 0 when the orchestrator could not be reached. */
    public int status() {
        return status;
    }

    /** The fields the problem named (its {@code errors[].field}, else its {@code field}). */
    public List<String> fields() {
        return fields;
    }

    /** The problem's errors as "field: reason" lines. */
    public List<String> errors() {
        return errors;
    }

    /** The answer's Retry-After in seconds (a 429), 0 when none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static OrchestratorException fromAnswer(String request, int status, JsonNode problem, String rawBody) {
        return fromAnswer(request, status, problem, rawBody, 0);
    }

    static OrchestratorException fromAnswer(String request, int status, JsonNode problem, String rawBody,
                                            long retryAfterSeconds) {
        List<String> fields = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (problem != null && problem.isObject()) {
            for (JsonNode error : Fields.array(problem, "errors")) {
                String field = Fields.text(error, "field");
                if (field != null) {
                    fields.add(field);
                    errors.add(field + ": " + Fields.text(error, "reason"));
                }
            }
            String field = Fields.text(problem, "field");
            if (fields.isEmpty() && field != null) {
                fields.add(field);
                errors.add(Fields.text(problem, "detail"));
            }
        }
        StringBuilder line = new StringBuilder(request).append(" failed: HTTP ").append(status);
        if (problem != null && problem.isObject()) {
            appendPart(line, problem.path("title").asText(""));
            String detail = problem.path("detail").asText("");
            String field = problem.path("field").asText("");
            // Many details already start with the field's name ("phase: unknown phase ..."): do not say it twice.
            if (!field.isEmpty() && detail.startsWith(field + ":")) {
                detail = detail.substring(field.length() + 1).strip();
            }
            if (!field.isEmpty()) {
                detail = detail.isEmpty() ? "field " + field : "field " + field + ": " + detail;
            }
            appendPart(line, detail);
        } else if (rawBody != null && !rawBody.isBlank()) {
            appendPart(line, rawBody.strip());
        }
        return new OrchestratorException(oneLine(line.toString()), status, List.copyOf(fields), List.copyOf(errors),
                retryAfterSeconds);
    }

    private static void appendPart(StringBuilder line, String part) {
        if (!part.isBlank()) {
            line.append(line.indexOf(" - ") < 0 ? " - " : "; ").append(part.strip());
        }
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return flat.length() > 400 ? flat.substring(0, 397) + "..." : flat;
    }
}
