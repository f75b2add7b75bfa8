package io.stressfw.service.security;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessRulesTest {
    /** A table like the orchestrator's: reads for viewers, actions for operators, a few static files. */
    private final AccessRules rules = AccessRules.builder()
            .allow(Access.VIEWER, "GET", "/status", "/phases", "/agents", "/cycles", "/cycles/*", "/metrics/stream", "/ws")
            .allow(Access.VIEWER, "POST", "/emergency/stop")
            .allow(Access.OPERATOR, "POST", "/cycle/start", "/cycle/quick", "/cycle/stop", "/load/adjust")
            .staticFiles(Set.of("/", "/index.html", "/js/dashboard.js")::contains)
            .queryToken("/ws", "/metrics/stream")
            .build();

    @Test
    void readsNeedAViewer() {
        for (String path : new String[]{"/status", "/phases", "/agents", "/cycles", "/cycles/cycle-1", "/metrics/stream", "/ws"}) {
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
    void everyTableStartsWithTheOpenProbesAndNothingElse() {
        AccessRules empty = AccessRules.builder().build();
        assertThat(empty.required("GET", "/q/health/ready")).isEqualTo(Access.PUBLIC);
        assertThat(empty.required("GET", "/q/metrics")).isEqualTo(Access.PUBLIC);
        assertThat(empty.required("GET", "/q/openapi")).isEqualTo(Access.PUBLIC);
        assertThat(empty.required("POST", "/q/health")).isEqualTo(Access.ADMIN);
        assertThat(empty.required("GET", "/q/metricsx")).isEqualTo(Access.ADMIN);
        assertThat(empty.required("GET", "/")).isEqualTo(Access.ADMIN);
        assertThat(empty.required("GET", "/anything")).isEqualTo(Access.ADMIN);
    }

    @Test
    void anythingUnlistedNeedsAnAdmin() {
        assertThat(rules.required("GET", "/thresholds")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("PUT", "/thresholds/cpu")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("POST", "/breakers/cpu/reset")).isEqualTo(Access.ADMIN);
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
    void wildcardsMatchOneSegmentAPrefixOrTheRest() {
        AccessRules table = AccessRules.builder()
                .allow(Access.ADMIN, "POST", "/safety/breakers/*/reset")
                .allow(Access.VIEWER, "GET", "/metrics/cycles/*/export", "/files/**")
                .build();
        assertThat(table.required("POST", "/safety/breakers/cpu@host-1/reset")).isEqualTo(Access.ADMIN);
        assertThat(table.required("GET", "/metrics/cycles/c-1/export")).isEqualTo(Access.VIEWER);
        assertThat(table.required("GET", "/metrics/cycles/export")).isEqualTo(Access.ADMIN);
        assertThat(table.required("GET", "/files/a/b/c")).isEqualTo(Access.VIEWER);
        assertThat(table.required("GET", "/files")).isEqualTo(Access.ADMIN);
    }

    @Test
    void aQueryTokenIsAcceptedOnlyWhereBrowsersCannotSendHeaders() {
        assertThat(rules.acceptsQueryToken("GET", "/ws")).isTrue();
        assertThat(rules.acceptsQueryToken("GET", "/metrics/stream")).isTrue();
        assertThat(rules.acceptsQueryToken("POST", "/emergency/stop")).isFalse();
        assertThat(rules.acceptsQueryToken("GET", "/status")).isFalse();
        assertThat(AccessRules.builder().build().acceptsQueryToken("GET", "/ws")).isFalse();
    }

    @Test
    void refusesMissingOrAmbiguousInput() {
        assertThatThrownBy(() -> AccessRules.builder().staticFiles(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rules.required(null, "/status")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessRules.builder().allow(Access.VIEWER, "GET", "status"))
                .hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> AccessRules.builder().allow(Access.VIEWER, "GET", "/a/**/b"))
                .hasMessageContaining("'**' may only end a pattern");
        assertThatThrownBy(() -> AccessRules.builder().allow(Access.VIEWER, "GET", "/a").allow(Access.ADMIN, "get", "/a/"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> AccessRules.builder().allow(Access.VIEWER, "GET", "/q/health"))
                .as("the shared open set cannot be narrowed or widened by accident").hasMessageContaining("listed twice");
    }
}
