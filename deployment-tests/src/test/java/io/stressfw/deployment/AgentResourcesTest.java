package io.stressfw.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What bounds the agents' generators: the sink port, the scratch volume and the off-heap memory limit. */
class AgentResourcesTest {
    static final String AGENT = ServiceModule.AGENT.artifactId();
    static final Pattern MAX_DIRECT = Pattern.compile("-XX:MaxDirectMemorySize=(\\S+)");

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void sinkListensOnTheDeclaredSinkPort(Rendering rendering) {
        Container agent = Rendering.container(rendering.workload(AGENT), AGENT);
        String configured = ServiceModule.AGENT.config()
                .value("stress.agent.load_generators.network.sink_port", rendering.environment(agent));
        assertThat(Integer.parseInt(configured)).isEqualTo(KubernetesServicesTest.namedPort(agent, "sink").getContainerPort());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void scratchDirectoryIsABoundedVolume(Rendering rendering) {
        HasMetadata workload = rendering.workload(AGENT);
        Container agent = Rendering.container(workload, AGENT);
        String scratch = ServiceModule.AGENT.config()
                .value("stress.agent.load_generators.io.scratch_dir", rendering.environment(agent));
        assertThat(scratch).isNotBlank();
        Volume volume = KubernetesServicesTest.volume(workload, KubernetesServicesTest.mountAt(agent, scratch).getName());
        assertThat(volume.getEmptyDir()).isNotNull();
        assertThat(volume.getEmptyDir().getSizeLimit()).as("the node's disk is not the agent's to fill").isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void directMemoryMayGrowToTheContainersMemoryLimit(Rendering rendering) {
        Container agent = Rendering.container(rendering.workload(AGENT), AGENT);
        Matcher flag = MAX_DIRECT.matcher(rendering.environment(agent).getOrDefault("JAVA_OPTS_APPEND", ""));
        assertThat(flag.find()).as("the agent sets -XX:MaxDirectMemorySize").isTrue();
        Matcher reference = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)m").matcher(flag.group(1));
        assertThat(reference.matches()).as("MaxDirectMemorySize comes from the limit: %s", flag.group(1)).isTrue();
        EnvVar limit = agent.getEnv().stream().filter(e -> e.getName().equals(reference.group(1))).findFirst().orElseThrow();
        ResourceFieldSelector field = limit.getValueFrom().getResourceFieldRef();
        assertThat(field.getResource()).isEqualTo("limits.memory");
        assertThat(field.getContainerName()).isEqualTo(AGENT);
        assertThat(field.getDivisor()).isEqualTo(new Quantity("1Mi"));
        int position = agent.getEnv().indexOf(limit);
        assertThat(position).as("Kubernetes expands only variables defined earlier")
                .isLessThan(agent.getEnv().indexOf(agent.getEnv().stream().filter(e -> e.getName().equals("JAVA_OPTS_APPEND")).findFirst().orElseThrow()));
    }

    @Test
    void composeAgentsDirectMemoryIsTheirMemoryLimit() {
        JsonNode agents = Compose.service(AGENT);
        Map<String, String> environment = Compose.environment(agents);
        Matcher flag = MAX_DIRECT.matcher(environment.getOrDefault("JAVA_OPTS_APPEND", ""));
        assertThat(flag.find()).isTrue();
        assertThat(bytes(flag.group(1))).isEqualTo(bytes(agents.path("deploy").path("resources").path("limits").path("memory").asText()));
    }

    /** Java's and compose's size suffixes (k, m, g), case-insensitive. */
    static long bytes(String size) {
        Matcher matcher = Pattern.compile("(?i)(\\d+)([kmg]?)b?").matcher(size.strip());
        assertThat(matcher.matches()).as("a size: %s", size).isTrue();
        long value = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase()) {
            case "k" -> value << 10;
            case "m" -> value << 20;
            case "g" -> value << 30;
            default -> value;
        };
    }
}
