package io.stressfw.deployment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents may send load only to agents' sinks; besides that they reach only Kafka and DNS. */
class NetworkPolicyTest {
    static final String AGENT = ServiceModule.AGENT.artifactId();

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void agentsEgressGoesOnlyToAgentSinksKafkaAndDns(Rendering rendering) {
        NetworkPolicy policy = agentPolicy(rendering);
        Map<String, String> agentLabels = Manifests.podTemplate(rendering.workload(AGENT)).getMetadata().getLabels();
        assertThat(agentLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).contains("Egress", "Ingress");

        Container agent = Rendering.container(rendering.workload(AGENT), AGENT);
        int sinkPort = KubernetesServicesTest.namedPort(agent, "sink").getContainerPort();
        int kafkaPort = Integer.parseInt(KubernetesServicesTest.environment(rendering, ServiceModule.AGENT)
                .get("KAFKA_BOOTSTRAP_SERVERS").replaceAll(".*:", ""));

        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getTo()).as("every egress rule names its peers").isNotEmpty();
            assertThat(rule.getPorts()).as("every egress rule names its ports").isNotEmpty();
            List<Integer> ports = rule.getPorts().stream().map(p -> portNumber(p, agent)).toList();
            for (NetworkPolicyPeer peer : rule.getTo()) {
                assertThat(peer.getIpBlock()).as("no address ranges: agents could load anything in them").isNull();
                Map<String, String> selected = peer.getPodSelector() == null ? Map.of() : peer.getPodSelector().getMatchLabels();
                if (agentLabels.entrySet().containsAll(selected.entrySet()) && !selected.isEmpty()) {
                    assertThat(ports).as("to agents: only their sink").containsOnly(sinkPort);
                } else if ("kube-dns".equals(selected.get("k8s-app"))) {
                    assertThat(ports).as("to DNS").containsOnly(53);
                } else {
                    assertThat(peer.getNamespaceSelector()).as("Kafka is in the same namespace").isNull();
                    assertThat(selected).as("Kafka's pods").isNotEmpty();
                    assertThat(ports).as("to Kafka: only its client port").containsOnly(kafkaPort);
                }
            }
        });
        assertThat(egress).anySatisfy(rule -> assertThat(rule.getTo()).anySatisfy(peer ->
                assertThat(agentLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void onlyAgentsReachTheSinkAndTheServiceExposesIt(Rendering rendering) {
        NetworkPolicy policy = agentPolicy(rendering);
        Container agent = Rendering.container(rendering.workload(AGENT), AGENT);
        int sinkPort = KubernetesServicesTest.namedPort(agent, "sink").getContainerPort();
        Map<String, String> agentLabels = Manifests.podTemplate(rendering.workload(AGENT)).getMetadata().getLabels();
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            List<Integer> ports = rule.getPorts().stream().map(p -> portNumber(p, agent)).toList();
            if (ports.contains(sinkPort)) {
                assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer ->
                        assertThat(agentLabels).containsAllEntriesOf(peer.getPodSelector().getMatchLabels()));
            }
        }
        Service service = (Service) rendering.get("Service", AGENT);
        assertThat(service.getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("sink");
            assertThat(KubernetesServicesTest.targets(p.getTargetPort(), agent)).isEqualTo(sinkPort);
        });
    }

    static NetworkPolicy agentPolicy(Rendering rendering) {
        return (NetworkPolicy) rendering.get("NetworkPolicy", AGENT);
    }

    static int portNumber(NetworkPolicyPort port, Container container) {
        IntOrString value = port.getPort();
        return value.getIntVal() != null ? value.getIntVal() : KubernetesServicesTest.namedPort(container, value.getStrVal()).getContainerPort();
    }
}
