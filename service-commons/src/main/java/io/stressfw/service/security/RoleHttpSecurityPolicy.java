package io.stressfw.service.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The named policy bound to every path ({@code quarkus.http.auth.permission.stress.*}, service-commons' defaults):
 * asks the service's {@link AccessRules} what the request needs and compares it with the caller's strongest role.
 * An anonymous caller is denied with the mechanism's 401 challenge, a caller whose role is too weak with a 403
 * ({@link ForbiddenProblemHandler}). With access control off, everything is permitted.
 */
@ApplicationScoped
public class RoleHttpSecurityPolicy implements HttpSecurityPolicy {
    public static final String NAME = "stress-roles";
    static final String DENIAL = RoleHttpSecurityPolicy.class.getName() + ".denial";

    @Inject
    ApiKeyRegistry registry;
    @Inject
    AccessRules rules;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext requestContext) {
        if (!registry.enabled()) {
            return CheckResult.permit();
        }
        String method = request.request().method().name();
        String path = request.normalizedPath();
        Access access = rules.required(method, path);
        if (access == Access.PUBLIC) {
            return CheckResult.permit();
        }
        return identity.map(caller -> {
            if (caller == null || caller.isAnonymous()) {
                return CheckResult.DENY;
            }
            Optional<Role> role = Role.highest(caller.getRoles());
            if (access.allows(role.orElse(null))) {
                return CheckResult.PERMIT;
            }
            request.put(DENIAL, (role.map(r -> "role '" + r.wireName() + "'").orElse("a caller without a stress role"))
                    + " may not " + method + " " + AccessRules.normalize(path) + ": it needs "
                    + access.minimumRole().orElseThrow().wireName() + " (roles: " + Role.names() + ")");
            return CheckResult.DENY;
        });
    }
}
