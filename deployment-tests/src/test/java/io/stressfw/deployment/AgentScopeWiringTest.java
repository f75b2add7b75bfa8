package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.stressfw.model.NetworkAllowRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agents' load scope and cross-node network load in every rendering: host scope with the node as host id (so
 * replicas of one node share it), a sink on the pod's address announced to the other agents, and an allowlist that
 * lets an agent send to another agent's sink (and only on the sink port), read with the rule class the agents use.
 */
class AgentScopeWiringTest {
    private static final String AGENT = ServiceModule.AGENT.artifactId();
    private static final String EXAMPLE_POD_IP = "10.244.3.17";

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void agentsLoadTheirNodeAndKnowItByName(Rendering rendering) {
        Map<String, String> environment = rendering.environment(agent(rendering));
        assertThat(config(rendering, "stress.agent.scope")).isEqualTo("host");
        assertThat(environment.get("STRESS_AGENT_HOST_ID")).as("the node name is the host id").isEqualTo(Rendering.NODE_NAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theSinkListensOnThePodAddressWhichItAnnouncesToThePeers(Rendering rendering) {
        Container agent = agent(rendering);
        assertThat(config(rendering, "stress.agent.load_generators.network.sink_bind_address")).isEqualTo("0.0.0.0");
        String advertised = config(rendering, "stress.agent.load_generators.network.sink_advertised_address");
        assertThat(advertised).matches("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
        String variable = advertised.substring(2, advertised.length() - 1);
        EnvVar podIp = agent.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst().orElseThrow();
        assertThat(podIp.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        assertThat(agent.getEnv().indexOf(podIp)).as("Kubernetes expands only variables defined earlier")
                .isLessThan(agent.getEnv().indexOf(agent.getEnv().stream()
                        .filter(e -> e.getName().equals("STRESS_AGENT_LOAD_GENERATORS_NETWORK_SINK_ADVERTISED_ADDRESS"))
                        .findFirst().orElseThrow()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theAllowlistLetsAnAgentReachAPeersSinkAndNothingElseOfThePod(Rendering rendering) {
        Container agent = agent(rendering);
        int sinkPort = KubernetesServicesTest.namedPort(agent, "sink").getContainerPort();
        int httpPort = KubernetesServicesTest.namedPort(agent, "http").getContainerPort();
        List<NetworkAllowRule> rules = Arrays.stream(config(rendering, "stress.agent.load_generators.network.allowlist")
                .split(",")).map(NetworkAllowRule::parse).toList();

        assertThat(rules).as("an agent without a peer keeps its own sink").anyMatch(NetworkAllowRule::isOwnSink);
        assertThat(rules).anyMatch(r -> r.allows(EXAMPLE_POD_IP + ":" + sinkPort));
        assertThat(rules).noneMatch(r -> r.allows(EXAMPLE_POD_IP + ":" + httpPort));
        assertThat(rules).noneMatch(r -> r.allows("8.8.8.8:" + sinkPort));
    }

    private static Container agent(Rendering rendering) {
        return Rendering.container(rendering.workload(AGENT), AGENT);
    }

    private static String config(Rendering rendering, String property) {
        return ServiceModule.AGENT.config().value(property, rendering.environment(agent(rendering)));
    }
}
