package io.stressfw.launcher;

import io.stressfw.kafka.ServicePrincipal;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18, hole 3: the local run listened on every interface with access control off. */
class RunSecurityTest {
    @Test
    void theDefaultRunListensOnLoopbackOnlyAndAsksForNothing() {
        RunSecurity security = RunSecurity.forListen(RunSecurity.LOOPBACK, Map.of());
        assertThat(security.secured()).isFalse();
        assertThat(security.serviceEnvironment(ServicePrincipal.ORCHESTRATOR, true))
                .containsExactly(Map.entry("QUARKUS_HTTP_HOST", "127.0.0.1"));
        assertThat(security.kafka()).isEmpty();
        assertThat(security.localHost()).isEqualTo("127.0.0.1");
        assertThat(RunSecurity.isLoopback("localhost")).isTrue();
        assertThat(RunSecurity.isLoopback("::1")).isTrue();
    }

    @Test
    void anOpenRunTurnsAccessControlOnWithGeneratedKeysAndKafkaAuthentication() {
        RunSecurity security = RunSecurity.forListen("0.0.0.0", Map.of());
        assertThat(security.secured()).isTrue();
        assertThat(security.generatedKeys()).containsOnlyKeys("admin", "operator", "viewer")
                .allSatisfy((role, key) -> assertThat(key).matches("[0-9a-f]{48}"));
        Map<String, String> safety = security.serviceEnvironment(ServicePrincipal.SAFETY, true);
        assertThat(safety).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0")
                .containsEntry("STRESS_AUTH_ENABLED", "true")
                .containsEntry("STRESS_REQUIRE_KAFKA_AUTH", "true")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .doesNotContainKey("STRESS_SAFETY_API_KEY");
        assertThat(safety.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"stressfw-safety\"");
        assertThat(safety.get("STRESS_AUTH_API_KEYS")).contains(security.generatedKeys().get("admin") + "=admin",
                security.generatedKeys().get("viewer") + "=viewer");
        Map<String, String> orchestrator = security.serviceEnvironment(ServicePrincipal.ORCHESTRATOR, true);
        assertThat(orchestrator.get("STRESS_AUTH_API_KEYS")).contains(orchestrator.get("STRESS_SAFETY_API_KEY") + "=viewer");
        assertThat(orchestrator.get("KAFKA_SASL_JAAS_CONFIG")).contains("username=\"stressfw-orchestrator\"");
        assertThat(security.localHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void givenKeysAreUsedAndWithAnExternalBrokerKafkaAuthenticationIsStillRequired() {
        RunSecurity security = RunSecurity.forListen("192.0.2.10", Map.of("STRESS_AUTH_API_KEYS", "my-own-admin-key-0001=admin"));
        assertThat(security.generatedKeys()).isEmpty();
        Map<String, String> agent = security.serviceEnvironment(ServicePrincipal.AGENT, false);
        assertThat(agent.get("STRESS_AUTH_API_KEYS")).startsWith("my-own-admin-key-0001=admin,");
        assertThat(agent).containsEntry("STRESS_REQUIRE_KAFKA_AUTH", "true").doesNotContainKey("KAFKA_SASL_JAAS_CONFIG");
        assertThat(security.localHost()).isEqualTo("192.0.2.10");
        assertThat(security.advertisedHost()).isEqualTo("192.0.2.10");
    }
}
