package io.stressfw.orchestrator.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.stressfw.service.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a declared oversized body with 413 problem+json before anything reads it. Vert.x would refuse it too,
 * but with an empty body; the limit is the same {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class BodySizeFilter {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize limit;

    void register(@Observes Filters filters) {
        long max = limit.asLongValue();
        String body = "{\"type\":\"about:blank\",\"title\":\"Request Entity Too Large\",\"status\":413,"
                + "\"detail\":\"body: larger than the " + max + " bytes allowed\",\"field\":\"body\","
                + "\"errors\":[{\"field\":\"body\",\"reason\":\"larger than the " + max + " bytes allowed\"}]}";
        filters.register(rc -> {
            String length = rc.request().getHeader("Content-Length");
            long declared = -1;
            if (length != null) {
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    declared = -1;
                }
            }
            if (declared > max) {
                rc.response().setStatusCode(Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode())
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(body);
            } else {
                rc.next();
            }
        }, 1000);
    }
}
