package io.stressfw.agent.http;

import io.stressfw.service.security.Access;
import io.stressfw.service.security.AccessRules;
import io.stressfw.service.security.ApiKeys;
import io.stressfw.service.security.LoopbackHosts;
import io.stressfw.service.security.Role;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a request to the agent may go on, under the same rules as every service's REST API: a service listening on
 * loopback only answers requests addressed to a loopback name (a web page rebinding its name to this machine is
 * refused); with access control on, a request needs a bearer API key whose role its {@link AccessRules} row asks for
 * (the probes and the scrape are open), else 401 naming what was wrong, or 403 naming the role it needs.
 */
public final class RequestGate {
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String REALM = "Bearer realm=\"stressfw\"";
    private static final String BEARER = "Bearer ";

    private final boolean enabled;
    private final ApiKeys keys;
    private final AccessRules rules;
    private final String bindHost;

    public RequestGate(boolean enabled, ApiKeys keys, AccessRules rules, String bindHost) {
        this.enabled = enabled;
        this.keys = keys;
        this.rules = rules;
        this.bindHost = bindHost;
    }

    /** A refusal: its status, its problem's detail and the headers it carries. */
    public record Refusal(int status, String detail, Map<String, String> headers) {
    }

    /** Empty when the request may go on. */
    public Optional<Refusal> check(String method, String path, String authorization, String host) {
        if (LoopbackHosts.isLoopbackBind(bindHost) && host != null && !LoopbackHosts.isLoopbackHostHeader(host)) {
            return Optional.of(new Refusal(403, "this service listens on loopback (" + bindHost + ") and answers only "
                    + "requests addressed to a loopback name; Host '" + host + "' is not one (a web page rebinding its "
                    + "name to this machine?)", Map.of()));
        }
        if (!enabled) {
            return Optional.empty();
        }
        Access access = rules.required(method, path);
        if (access == Access.PUBLIC) {
            return Optional.empty();
        }
        if (authorization != null && !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorized("only bearer tokens are accepted: send Authorization: Bearer <api key>", false);
        }
        String token = authorization == null ? "" : authorization.substring(BEARER.length()).trim();
        if (token.isEmpty()) {
            return unauthorized("authentication required: send Authorization: Bearer <api key>", false);
        }
        Optional<Role> role = keys.roleOf(token);
        if (role.isEmpty()) {
            return unauthorized("the bearer token is not a known API key", true);
        }
        if (access.allows(role.get())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(403, "role '" + role.get().wireName() + "' may not " + method + " "
                + AccessRules.normalize(path) + ": it needs " + access.minimumRole().orElseThrow().wireName()
                + " (roles: " + Role.names() + ")", Map.of()));
    }

    private static Optional<Refusal> unauthorized(String detail, boolean invalidToken) {
        return Optional.of(new Refusal(401, detail,
                Map.of(WWW_AUTHENTICATE, invalidToken ? REALM + ", error=\"invalid_token\"" : REALM)));
    }
}
