package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A failed call to the orchestrator, with a message fit for one line of a CI log: the request, the HTTP status and,
 * for an application/problem+json answer, its title, detail and field.
 */
public final class OrchestratorException extends RuntimeException {

    private final int status;

    public OrchestratorException(String message, int status) {
        super(message);
        this.status = status;
    }

    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** HTTP status of the answer, 0 when the orchestrator could not be reached. */
    public int status() {
        return status;
    }

    static OrchestratorException fromAnswer(String request, int status, JsonNode problem, String rawBody) {
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
        return new OrchestratorException(oneLine(line.toString()), status);
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
