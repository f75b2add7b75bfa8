package io.stressfw.service.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyRegistryTest {
    private static AuthSettings settings(boolean enabled, String keys) {
        return new AuthSettings() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Optional<String> apiKeys() {
                return Optional.ofNullable(keys);
            }
        };
    }

    @Test
    void anUnknownRoleStopsTheServiceWithAMessageNamingTheProperty() {
        assertThatThrownBy(() -> new ApiKeyRegistry(settings(true, "abcdefghijklmnop0123=superuser"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stress.auth.api-keys (env STRESS_AUTH_API_KEYS) is invalid")
                .hasMessageContaining("entry 1: unknown role 'superuser'")
                .hasMessageNotContaining("abcdefghijklmnop0123");
    }

    @Test
    void aBadEntryIsAnErrorEvenWhileAuthenticationIsOff() {
        assertThatThrownBy(() -> new ApiKeyRegistry(settings(false, "abcdefghijklmnop0123=root"), false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void authenticationWithoutKeysOrOidcIsRefused() {
        assertThatThrownBy(() -> new ApiKeyRegistry(settings(true, null), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nobody could use the API");
        assertThat(new ApiKeyRegistry(settings(true, null), true).oidcEnabled()).isTrue();
    }

    @Test
    void offWithoutKeysIsTheOpenLocalRun() {
        ApiKeyRegistry registry = new ApiKeyRegistry(settings(false, null), false);
        assertThat(registry.enabled()).isFalse();
        assertThat(registry.keys().isEmpty()).isTrue();
    }
}
