package io.stressfw.service.security;

import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTest {
    @Test
    void anApiKeyCallerIsNamedByItsFingerprintAndHasItsRole() {
        QuarkusSecurityIdentity identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("api-key-0123456789ab"))
                .addRoles(Role.OPERATOR.impliedNames()).build();
        Caller caller = Caller.of(identity, true);
        assertThat(caller.name()).isEqualTo("api-key-0123456789ab");
        assertThat(caller.role()).contains(Role.OPERATOR);
        assertThat(caller.has(Role.OPERATOR)).isTrue();
        assertThat(caller.has(Role.ADMIN)).isFalse();
        assertThat(caller.describe()).isEqualTo("api-key-0123456789ab (operator)");
    }

    @Test
    void withoutAccessControlTheAnonymousCallerMayDoAnythingAndRecordsSay() {
        Caller caller = Caller.of(null, false);
        assertThat(caller.name()).isEqualTo(Caller.ANONYMOUS);
        assertThat(caller.has(Role.ADMIN)).isTrue();
        assertThat(caller.describe()).isEqualTo("anonymous (access control off)");
    }

    @Test
    void withAccessControlAnAnonymousOrRolelessCallerHasNoRole() {
        assertThat(Caller.of(null, true).has(Role.VIEWER)).isFalse();
        assertThat(new Caller("someone", Optional.empty(), true).has(Role.VIEWER)).isFalse();
    }
}
