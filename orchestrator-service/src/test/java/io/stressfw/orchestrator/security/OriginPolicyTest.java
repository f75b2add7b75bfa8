package io.stressfw.orchestrator.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OriginPolicyTest {
    private final OriginPolicy none = new OriginPolicy(List.of());

    @Test
    void theServedOriginIsAllowed() {
        assertThat(none.refusal("http://localhost:8000", "localhost:8000", false)).isEmpty();
        assertThat(none.refusal("http://LOCALHOST:8000/", "localhost:8000", false)).isEmpty();
        assertThat(none.refusal("https://stress.example.com", "stress.example.com", true)).isEmpty();
        assertThat(none.refusal("http://stress.example.com", "stress.example.com:80", false)).isEmpty();
    }

    @Test
    void anotherSchemeHostOrPortIsRefused() {
        assertThat(none.refusal("https://evil.example", "localhost:8000", false)).isPresent();
        assertThat(none.refusal("http://localhost:8001", "localhost:8000", false)).isPresent();
        assertThat(none.refusal("https://localhost:8000", "localhost:8000", false)).isPresent();
        assertThat(none.refusal("https://stress.example.com", "stress.example.com", false))
                .as("behind a TLS proxy that does not say X-Forwarded-Proto, configure the origin").isPresent();
        assertThat(none.refusal("null", "localhost:8000", false)).hasValueSatisfying(r -> assertThat(r).contains("not a web origin"));
        assertThat(none.refusal("file://", "localhost:8000", false)).isPresent();
        assertThat(none.refusal("http://localhost:8000", null, false)).isPresent();
    }

    @Test
    void aClientWithoutAnOriginIsNotABrowserAndIsLeftToAuthentication() {
        assertThat(none.refusal(null, "localhost:8000", false)).isEmpty();
    }

    @Test
    void configuredOriginsAreAllowedWhateverTheHost() {
        OriginPolicy policy = new OriginPolicy(List.of("https://stress.example.com", " http://ops.example:9000 "));
        assertThat(policy.refusal("https://stress.example.com:443", "orchestrator:8000", false)).isEmpty();
        assertThat(policy.refusal("http://ops.example:9000", "orchestrator:8000", false)).isEmpty();
        assertThat(policy.refusal("http://ops.example:9001", "orchestrator:8000", false))
                .hasValueSatisfying(r -> assertThat(r).contains("stress.ws.allowed-origins"));
    }

    @Test
    void aConfiguredValueThatIsNotAnOriginStopsTheStart() {
        assertThatThrownBy(() -> new OriginPolicy(List.of("stress.example.com")))
                .hasMessageContaining("stress.ws.allowed-origins").hasMessageContaining("stress.example.com");
        assertThatThrownBy(() -> new OriginPolicy(List.of("https://stress.example.com/dashboard"))).isInstanceOf(IllegalArgumentException.class);
    }
}
