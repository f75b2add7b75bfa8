package io.stressfw.orchestrator.security;

import io.stressfw.service.Problem;
import io.stressfw.service.security.AccessRules;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses starts beyond the rate with 429 problem+json and Retry-After. It runs after authentication and
 * authorization, so refused callers spend no token, and it never reaches the engine: a running cycle is untouched.
 */
public class StartRateLimitFilter {
    @Inject
    StartRateLimiter limiter;

    @ServerRequestFilter
    public Response limitStarts(ContainerRequestContext request) {
        if (!"POST".equalsIgnoreCase(request.getMethod())
                || !StartRateLimiter.START_PATHS.contains(AccessRules.normalize(request.getUriInfo().getPath()))) {
            return null;
        }
        StartRequestBucket.Decision decision = limiter.tryAcquire();
        if (decision.allowed()) {
            return null;
        }
        return Response.status(Response.Status.TOO_MANY_REQUESTS)
                .type(Problem.MEDIA)
                .header("Retry-After", decision.retryAfterSeconds())
                .entity(Problem.of(Response.Status.TOO_MANY_REQUESTS, limiter.refusal(decision)))
                .build();
    }
}
