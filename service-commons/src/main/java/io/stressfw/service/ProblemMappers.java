package io.stressfw.service;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Every error the REST layer answers is application/problem+json naming the field and the reason; never a stack trace. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return Problem.ofField(Response.Status.BAD_REQUEST, null, "malformed JSON: " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidJson(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String reason;
        if (e instanceof InvalidFormatException format) {
            reason = "'" + format.getValue() + "' is not a valid " + format.getTargetType().getSimpleName().toLowerCase();
        } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
            reason = e.getCause().getMessage();
        } else {
            reason = e.getOriginalMessage().lines().findFirst().orElse("invalid value");
        }
        return Problem.ofField(Response.Status.BAD_REQUEST, field.isEmpty() ? null : field, reason).toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(leafField(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problem.ofFields(Response.Status.BAD_REQUEST, errors).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        Response.Status status = Response.Status.fromStatusCode(original.getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        return Problem.of(status, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error answering a request", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName()).toResponse();
    }

    private static String leafField(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Method-parameter paths look like "start.request.target_load"; the caller knows only the last part.
        int dot = path.lastIndexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
    }
}
