package io.stressfw.orchestrator.security;

import io.stressfw.service.security.Access;
import io.stressfw.service.security.AccessRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The orchestrator's own table (service-commons' AccessRulesTest covers how any table is read). */
class OrchestratorAccessRulesTest {
    private final AccessRules rules = OrchestratorAccessRules.table();

    @Test
    void readsNeedAViewer() {
        for (String path : new String[]{"/status", "/phases", "/agents", "/cycles", "/cycles/cycle-1", "/metrics/stream", "/ws",
                "/breakers"}) {
            assertThat(rules.required("GET", path)).as(path).isEqualTo(Access.VIEWER);
        }
        assertThat(rules.required("POST", "/emergency/stop")).isEqualTo(Access.VIEWER);
        assertThat(rules.required("POST", "/plans/validate")).as("validating starts nothing").isEqualTo(Access.VIEWER);
    }

    @Test
    void controlActionsNeedAnOperator() {
        for (String path : new String[]{"/cycle/start", "/cycle/quick", "/cycle/stop", "/load/adjust"}) {
            assertThat(rules.required("POST", path)).as(path).isEqualTo(Access.OPERATOR);
        }
    }

    @Test
    void resettingBreakersAndAnythingUnlistedNeedAnAdmin() {
        assertThat(rules.required("POST", "/breakers/cpu/reset")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("POST", "/breakers/reset")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("GET", "/breakers/cpu")).isEqualTo(Access.ADMIN);
        assertThat(rules.required("DELETE", "/cycles/cycle-1")).isEqualTo(Access.ADMIN);
    }

    @Test
    void dashboardFilesAndProbesArePublic() {
        for (String path : new String[]{"/", "/index.html", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            assertThat(rules.required("GET", path)).as(path).isEqualTo(Access.PUBLIC);
        }
    }
}
