package io.stressfw.service.security;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The configured keys, parsed once at start. A bad entry, or authentication turned on with nobody able to log in,
 * stops the service at start with a message naming the property and the entry, never the key itself.
 */
@Startup
@Singleton
public class ApiKeyRegistry {
    private static final Logger LOG = Logger.getLogger(ApiKeyRegistry.class);

    private final boolean enabled;
    private final boolean oidcEnabled;
    private final ApiKeys keys;

    @Inject
    public ApiKeyRegistry(AuthSettings settings,
                          @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidcEnabled) {
        this.enabled = settings.enabled();
        this.oidcEnabled = oidcEnabled;
        this.keys = ApiKeys.configured(settings, oidcEnabled);
        if (enabled) {
            LOG.infof("Access control on: %d API key(s) by role %s, OIDC %s", keys.size(), keys.countByRole(),
                    oidcEnabled ? "on" : "off");
        } else {
            LOG.info("Access control off (stress.auth.enabled=false): every client that reaches this port may use every endpoint");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean oidcEnabled() {
        return oidcEnabled;
    }

    public ApiKeys keys() {
        return keys;
    }

    /** Who is behind a request's identity, under this service's access control. */
    public Caller caller(SecurityIdentity identity) {
        return Caller.of(identity, enabled);
    }
}
