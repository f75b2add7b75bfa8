package io.stressfw.service.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.util.Map;
import java.util.Set;

/**
 * Bearer API keys: {@code Authorization: Bearer <key>}, or {@code ?access_token=<key>} on the paths the service's
 * {@link AccessRules} allow it for (the orchestrator's /ws upgrade and /metrics/stream EventSource: a browser cannot
 * send headers there). Without a token the request is
 * anonymous and the policy decides; with an unknown token it fails, unless OIDC is on, which then gets its turn.
 * The 401 is a problem+json document naming what was wrong.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {
    static final String QUERY_TOKEN = "access_token";
    private static final String REASON = ApiKeyAuthenticationMechanism.class.getName() + ".reason";
    private static final String INVALID = ApiKeyAuthenticationMechanism.class.getName() + ".invalid";
    private static final String BEARER = "Bearer ";

    @Inject
    ApiKeyRegistry registry;
    @Inject
    AccessRules rules;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!registry.enabled()) {
            return Uni.createFrom().nullItem();
        }
        String token;
        String header = context.request().getHeader("Authorization");
        if (header != null) {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                context.put(REASON, "only bearer tokens are accepted: send Authorization: Bearer <api key>");
                return Uni.createFrom().nullItem();
            }
            token = header.substring(BEARER.length()).trim();
        } else if (rules.acceptsQueryToken(context.request().method().name(), context.normalizedPath())) {
            token = context.queryParams().get(QUERY_TOKEN);
        } else {
            token = null;
        }
        if (token == null || token.isEmpty()) {
            context.put(REASON, "authentication required: send Authorization: Bearer <api key>"
                    + (rules.acceptsQueryToken(context.request().method().name(), context.normalizedPath())
                    ? " or ?" + QUERY_TOKEN + "=<api key>" : ""));
            return Uni.createFrom().nullItem();
        }
        if (registry.oidcEnabled() && registry.keys().roleOf(token).isEmpty()) {
            // Not one of ours: let the OIDC mechanism verify it as a JWT.
            context.put(REASON, "the bearer token is neither a known API key nor a valid OIDC token");
            return Uni.createFrom().nullItem();
        }
        context.put(REASON, "the bearer token is not a known API key");
        context.put(INVALID, Boolean.TRUE);
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(token), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(Status.UNAUTHORIZED.getStatusCode(),
                ProblemResponses.WWW_AUTHENTICATE, challenge(context)));
    }

    /** The 401 with a body: the default challenge carries only a status and a header. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        String reason = context.get(REASON);
        ProblemResponses.send(context.response(), Status.UNAUTHORIZED,
                reason != null ? reason : "authentication required: send Authorization: Bearer <api key>",
                Map.of(ProblemResponses.WWW_AUTHENTICATE, challenge(context)));
        return Uni.createFrom().item(Boolean.TRUE);
    }

    @Override
    public Set<Class<? extends io.quarkus.security.identity.request.AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    /** Ahead of OIDC's bearer mechanism, so a known API key never needs a JWT round and our challenge is sent. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    private static String challenge(RoutingContext context) {
        return Boolean.TRUE.equals(context.get(INVALID))
                ? ProblemResponses.REALM + ", error=\"invalid_token\""
                : ProblemResponses.REALM;
    }
}
