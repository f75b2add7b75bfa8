package io.stressfw.service.security;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response.Status;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * When the service listens on loopback only (the local run), it refuses with 403 any request whose {@code Host}
 * is not a loopback name, WebSocket upgrades included: a web page that rebinds its own name to 127.0.0.1 cannot
 * drive a service that has no access control ({@link LoopbackHosts}). Requests without a {@code Host} header are
 * not from a browser and pass. A service listening on other interfaces (containers) is not affected.
 */
@ApplicationScoped
public class LoopbackHostFilter {
    private static final Logger LOG = Logger.getLogger(LoopbackHostFilter.class);

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0")
    String bindHost;

    void install(@Observes Router router) {
        if (!LoopbackHosts.isLoopbackBind(bindHost)) {
            return;
        }
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String host = context.request().getHeader("Host");
            if (host == null || LoopbackHosts.isLoopbackHostHeader(host)) {
                context.next();
                return;
            }
            LOG.warnf("Refused %s %s with Host '%s': this service listens on %s only", context.request().method(),
                    context.normalizedPath(), host, bindHost);
            ProblemResponses.send(context.response(), Status.FORBIDDEN, "this service listens on loopback ("
                    + bindHost + ") and answers only requests addressed to a loopback name; Host '" + host
                    + "' is not one (a web page rebinding its name to this machine?)", Map.of());
        });
    }
}
