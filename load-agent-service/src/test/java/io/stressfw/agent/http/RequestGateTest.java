package io.stressfw.agent.http;

import io.stressfw.agent.AgentAccessRules;
import io.stressfw.service.security.ApiKeys;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RequestGateTest {
    private static final String VIEWER = "viewer-key-0123456789";
    private static final String ADMIN = "admin-key-0123456789a";
    private final RequestGate secured = new RequestGate(true, ApiKeys.parse(VIEWER + "=viewer," + ADMIN + "=admin"),
            AgentAccessRules.table(), "0.0.0.0");

    @Test
    void theStatusNeedsAViewersKey() {
        assertThat(secured.check("GET", "/agent/status", "Bearer " + VIEWER, "agent:8100")).isEmpty();
        RequestGate.Refusal none = secured.check("GET", "/agent/status", null, "agent:8100").orElseThrow();
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.detail()).contains("Authorization: Bearer");
        assertThat(none.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"stressfw\"");
    }

    @Test
    void anUnknownKeyOrAnotherSchemeIsUnauthorizedSayingWhy() {
        RequestGate.Refusal unknown = secured.check("GET", "/agent/status", "Bearer not-a-key-0123456789", null).orElseThrow();
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.detail()).contains("not a known API key");
        assertThat(unknown.headers().get("WWW-Authenticate")).contains("invalid_token");
        RequestGate.Refusal basic = secured.check("GET", "/agent/status", "Basic dXNlcjpwYXNz", null).orElseThrow();
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.detail()).contains("only bearer tokens");
    }

    @Test
    void anythingElseNeedsAnAdminAndTheRefusalNamesTheRole() {
        RequestGate.Refusal post = secured.check("POST", "/agent/status", "Bearer " + VIEWER, null).orElseThrow();
        assertThat(post.status()).isEqualTo(403);
        assertThat(post.detail()).contains("role 'viewer' may not POST /agent/status").contains("needs admin");
        assertThat(secured.check("POST", "/agent/status", "Bearer " + ADMIN, null)).isEmpty();
    }

    @Test
    void theProbesAndTheScrapeStayOpen() {
        for (String path : new String[]{"/q/health", "/q/health/live", "/q/health/ready", "/q/metrics"}) {
            assertThat(secured.check("GET", path, null, null)).as(path).isEmpty();
        }
    }

    @Test
    void onLoopbackOnlyRequestsForALoopbackNameAreAnsweredEvenWithAccessControlOff() {
        RequestGate loopback = new RequestGate(false, ApiKeys.none(), AgentAccessRules.table(), "127.0.0.1");
        assertThat(loopback.check("GET", "/agent/status", null, "localhost:8100")).isEmpty();
        assertThat(loopback.check("GET", "/agent/status", null, null)).isEmpty();
        Optional<RequestGate.Refusal> rebound = loopback.check("GET", "/agent/status", null, "evil.example:8100");
        assertThat(rebound).isPresent();
        assertThat(rebound.get().status()).isEqualTo(403);
        assertThat(rebound.get().detail()).contains("evil.example");
        assertThat(new RequestGate(false, ApiKeys.none(), AgentAccessRules.table(), "0.0.0.0")
                .check("GET", "/agent/status", null, "evil.example:8100")).isEmpty();
    }
}
