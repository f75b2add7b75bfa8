package io.stressfw.orchestrator.security;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessRulesTest {
    private final AccessRules rules = new AccessRules(Set.of("/", "/index.html", "/js/dashboard.js")::contains);

    @Test
    void readsNeedAViewer() {
        for (String path : new String[]{"/status", "/phases", "/agents", "/cycles", "/cycles/cycle-1", "/metrics/stream", "/ws",
                "/breakers"}) {
            assertThat(rules.required("GET", path)).as(path).isEqualTo(Access.VIEWER);
        }
        assertThat(rules.required("HEAD", "/status")).isEqualTo(Access.VIEWER);
    }

    @Test
    void emergencyStopIsOpenToEveryRole() {
        assertThat(rules.required("POST", "/emergency/stop")).isEqualTo(Access.VIEWER);
        assertThat(Access.VIEWER.allows(Role.VIEWER)).isTrue();
        assertThat(Access.VIEWER.allows(null)).isFalse();
    }

    @Test
    void controlActionsNeedAnOperator() {
        for (String path : new String[]{"/cycle/start", "/cycle/quick", "/cycle/stop", "/load/adjust"}) {
            assertThat(rules.required("POST", path)).as(path).isEqualTo(Access.OPERATOR);
        }
        assertThat(Access.OPERATOR.allows(Role.VIEWER)).isFalse();
        assertThat(Access.OPERATOR.allows(Role.ADMIN)).isTrue();
    }

    @Test
    void probesDocumentationAndDashboardFilesArePublic() {
        for (String path : new String[]{"/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi",
                "/q/openapi.json", "/q/swagger-ui", "/q/swagger-ui/index.html", "/", "/index.html", "/js/dashboard.js"}) {
            assertThat(rules.required("GET", path)).as(path).isEqualTo(Access.PUBLIC);
        }
    }

    @Test
    void anythingUnlistedNeedsAnAdmin() {
        assertThat(rules.required("GET", "/thresholds")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("PUT", "/thresholds/cpu")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("POST", "/breakers/cpu/reset")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("POST", "/breakers/reset")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("DELETE", "/cycles/cycle-1")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("GET", "/js/not-a-file.js")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("GET", "/cycles/a/b")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("POST", "/status")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("GET", "/q/dev-ui")).isEqualTo(Access.ADMIN);
    }

    @Test
    void aPathSpelledDifferentlyGetsTheSameRule() {
        assertThat(rules.required("post", "/cycle//start/")).isEqualTo(Access.OPERATOR);
        assertThat(rules.required("POST", "/cycle/start;jsessionid=1")).isEqualTo(Access.OPERATOR);
        assertThat(rules.required("POST", "/q/health/../../cycle/./start")).isEqualTo(Access.OPERATOR);
        assertThat(rules.required("GET", "/q/health/../../status")).isEqualTo(Access.VIEWER);
        assertThat(AccessRules.normalize("/status?x=1")).isEqualTo("/status");
        assertThat(AccessRules.normalize("/../..")).isEqualTo("/");
    }

    @Test
    void aQueryTokenIsAcceptedOnlyWhereBrowsersCannotSendHeaders() {
        assertThat(AccessRules.acceptsQueryToken("GET", "/ws")).isTrue();
        assertThat(AccessRules.acceptsQueryToken("GET", "/metrics/stream")).isTrue();
        assertThat(AccessRules.acceptsQueryToken("POST", "/emergency/stop")).isFalse();
        assertThat(AccessRules.acceptsQueryToken("GET", "/status")).isFalse();
    }

    @Test
    void refusesMissingInput() {
        assertThatThrownBy(() -> new AccessRules(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.required(null, "/status")).isInstanceOf(IllegalArgumentException.class);
    }
}
