package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The control plane (the emergency-stop path) is protected from voluntary disruption; load agents are not. */
class DisruptionBudgetTest {

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void controlPlaneBudgetCoversOrchestratorSafetyAndBuiltInKafkaOnly(Rendering rendering) {
        List<PodDisruptionBudget> budgets = rendering.all(PodDisruptionBudget.class);
        assertThat(budgets).hasSize(1);
        PodDisruptionBudget budget = budgets.get(0);
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isZero();
        Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();

        assertThat(selects(selector, rendering.workload(ServiceModule.ORCHESTRATOR.artifactId()))).isTrue();
        assertThat(selects(selector, rendering.workload(ServiceModule.SAFETY.artifactId()))).isTrue();
        assertThat(selects(selector, rendering.workload(ServiceModule.AGENT.artifactId()))).isFalse();
        assertThat(selects(selector, rendering.workload(ServiceModule.METRICS.artifactId()))).isFalse();
        rendering.find("StatefulSet", "kafka").ifPresent(kafka -> assertThat(selects(selector, kafka)).isTrue());
        assertThat(Manifests.podSpec(rendering.workload(ServiceModule.SAFETY.artifactId())).getPriorityClassName())
                .isEqualTo(Manifests.podSpec(rendering.workload(ServiceModule.ORCHESTRATOR.artifactId())).getPriorityClassName())
                .isNotBlank();
    }

    static boolean selects(Map<String, String> selector, HasMetadata workload) {
        return Manifests.podTemplate(workload).getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
    }
}
