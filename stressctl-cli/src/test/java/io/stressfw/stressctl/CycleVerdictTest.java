package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outcomes of the steady-state hypothesis: recovering has not ended, not_recovered fails with its own code. */
class CycleVerdictTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode report(String outcome) throws Exception {
        return JSON.readTree("""
                {"cycle_id":"cycle-1","outcome":"%s","phases":[{"phase":"light"}],"violations":[],
                 "verdict_reason":"the service did not recover after the ramp-down: probe checkout failed 20%% of its attempts"}
                """.formatted(outcome));
    }

    @Test
    void aServiceThatDidNotRecoverExitsFourWithTheReason() throws Exception {
        CycleVerdict verdict = CycleVerdict.of(report("not_recovered"));

        assertThat(CycleVerdict.isFinal(report("not_recovered"))).isTrue();
        assertThat(verdict.exitCode()).isEqualTo(CycleVerdict.NOT_RECOVERED);
        assertThat(verdict.summary()).isEqualTo("cycle cycle-1 ran to its end but the service did not recover (the service "
                + "did not recover after the ramp-down: probe checkout failed 20% of its attempts): 1 phase run, 0 violations");
    }

    @Test
    void aCycleWhoseRecoveryIsNotJudgedYetHasNotEnded() throws Exception {
        assertThat(CycleVerdict.isFinal(report("recovering"))).isFalse();
    }
}
