package io.stressfw.service.security;

import io.quarkus.security.ForbiddenException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;

import java.util.Map;

/** Answers the policy's denials of authenticated callers (a ForbiddenException on the route) as 403 problem+json. */
@ApplicationScoped
public class ForbiddenProblemHandler {
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.failure() instanceof ForbiddenException && !context.response().ended()) {
                String denial = context.get(RoleHttpSecurityPolicy.DENIAL);
                ProblemResponses.send(context.response(), Status.FORBIDDEN,
                        denial != null ? denial : "this role may not do this",
                        Map.of(ProblemResponses.WWW_AUTHENTICATE, ProblemResponses.REALM + ", error=\"insufficient_scope\""));
            } else {
                context.next();
            }
        });
    }
}
