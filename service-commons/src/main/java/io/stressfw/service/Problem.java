package io.stressfw.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * An RFC 9457 problem document ({@value #MEDIA_TYPE}). {@code field} names the offending input where there is one;
 * {@code errors} lists every invalid field when there are several. A problem in a document (a plan in a request
 * body) also carries the {@code line} and {@code column} of its first error, and each error its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, List<FieldError> errors,
                      Integer line, Integer column) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String reason, Integer line, Integer column) {
        public FieldError(String field, String reason) {
            this(field, reason, null, null);
        }
    }

    public Problem(String type, String title, int status, String detail, String field, List<FieldError> errors) {
        this(type, title, status, detail, field, errors, null, null);
    }

    /**
     * Errors found in a document, each with its line and column: {@code detail} has one line per error
     * ({@code lines}, as a person reads them), {@code field}, {@code line} and {@code column} are the first error's.
     */
    public static Problem ofLocated(Response.Status status, List<FieldError> errors, List<String> lines) {
        FieldError first = errors.get(0);
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), String.join("\n", lines),
                first.field(), List.copyOf(errors), first.line(), first.column());
    }

    public static Problem of(Response.Status status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null, null);
    }

    public static Problem ofField(Response.Status status, String field, String reason) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                field == null ? reason : field + ": " + reason, field, field == null ? null : List.of(new FieldError(field, reason)));
    }

    public static Problem ofFields(Response.Status status, List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.reason()).reduce((a, b) -> a + "; " + b).orElse(status.getReasonPhrase());
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail,
                errors.size() == 1 ? errors.get(0).field() : null, List.copyOf(errors));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }

    /** Throws as a JAX-RS exception so that resource code can refuse input in one line. */
    public ProblemException asException() {
        return new ProblemException(this);
    }
}
