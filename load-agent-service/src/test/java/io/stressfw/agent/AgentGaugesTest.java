package io.stressfw.agent;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stressfw.agent.control.TestAgents;
import io.stressfw.model.ResourceWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauges against a root registry that outlives the application, as Micrometer's global one outlives a Quarkus
 * restart in one JVM.
 */
class AgentGaugesTest {
    @TempDir
    Path scratchBase;

    @Test
    void aRestartedApplicationsGaugesReadItsOwnAgentNotThePreviousOne() {
        CompositeMeterRegistry root = new CompositeMeterRegistry();
        TestAgents previous = TestAgents.builder("agent-before", scratchBase).build();
        TestAgents current = TestAgents.builder("agent-now", scratchBase).build();
        try {
            previous.controller.onCommand(TestAgents.phase("c1", 1, System.currentTimeMillis(), 5000, 20,
                    ResourceWeights.CPU_ONLY, 0, null));
            SimpleMeterRegistry firstExport = new SimpleMeterRegistry();
            root.add(firstExport);
            AgentGauges first = new AgentGauges(root);
            first.bind(previous.controller);
            assertThat(firstExport.get("stress.agent.generator.target.percent").tag("generator", "cpu").gauge().value())
                    .isEqualTo(20);
            first.unbind();
            root.remove(firstExport);

            SimpleMeterRegistry secondExport = new SimpleMeterRegistry();
            root.add(secondExport);
            new AgentGauges(root).bind(current.controller);

            assertThat(secondExport.get("stress.agent.generator.target.percent").tag("generator", "cpu").gauge().value())
                    .isZero();
            assertThat(secondExport.get("stress.agent.state").gauge().value()).isZero();
            assertThat(secondExport.get("stress.agent.generator.cap").gauges()).hasSize(4);
        } finally {
            previous.close();
            current.close();
        }
    }
}
