package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.kafka.Directories;
import io.stressfw.kafka.LoopbackPorts;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;
import io.stressfw.model.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18 on real processes: {@code ./stress up --listen 0.0.0.0} opens the run and secures it. Every service asks
 * for the generated keys, the services talk over a SASL/SCRAM broker as their own principals under the ACL table,
 * a service told to require Kafka authentication refuses to start without it, and safety's rules changed at run
 * time survive a restart of safety-service.
 */
class SecuredRunTest {
    private static LocalStack stack;
    private static String admin;
    private static String viewer;

    @BeforeAll
    static void start() throws IOException {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("stress.system.work", "target/system-stack")).toAbsolutePath()
                .resolveSibling("secured-run");
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        stack = LocalStack.start(LaunchOptions.forTests(home, work.resolve("run"), 1)
                .withKeepData(true)
                .withListenAddress("0.0.0.0")
                .withEnvironment(Map.of("STRESS_AGENT_LOAD_GENERATORS_CPU_CORES", "1",
                        "STRESS_AGENT_LOAD_GENERATORS_MEMORY_LIMIT_GB", "0.0625",
                        // The shared system stack's agent-1 may run in this JVM too: its own scratch directory.
                        "STRESS_AGENT_LOAD_GENERATORS_IO_SCRATCH_DIR", work.resolve("scratch").toString())));
        admin = stack.security().generatedKeys().get("admin");
        viewer = stack.security().generatedKeys().get("viewer");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String url(String service) {
        return stack.service(service).url();
    }

    @Test
    void everyServiceAsksForAKeyAndTakesTheGeneratedOnes() {
        List<String> reads = new ArrayList<>(List.of(url(LocalStack.ORCHESTRATOR) + "/status",
                url(LocalStack.SAFETY) + "/safety/thresholds", url(LocalStack.METRICS) + "/metrics/snapshot"));
        stack.agents().forEach(agent -> reads.add(agent.url() + "/agent/status"));
        for (String read : reads) {
            assertThat(Http.call("GET", read, null, null).status()).as(read).isEqualTo(401);
            assertThat(Http.call("GET", read, null, viewer).status()).as(read).isEqualTo(200);
        }
        assertThat(Http.call("PUT", url(LocalStack.SAFETY) + "/safety/thresholds",
                "{\"rules\":[{\"metric\":\"x\",\"limit\":1}]}", viewer).status()).isEqualTo(403);
        assertThat(Http.get(url(LocalStack.ORCHESTRATOR) + "/q/health/ready").status()).isEqualTo(200);
    }

    @Test
    void theServicesTalkOverTheSecuredBrokerAsTheirOwnPrincipals() {
        // The orchestrator hears safety's and the agent's heartbeats: every service authenticated and the ACLs let
        // each write heartbeats and the orchestrator read them.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode status = Http.call("GET", url(LocalStack.ORCHESTRATOR) + "/status", null, viewer).json();
            assertThat(status.path("safety_online").asBoolean()).isTrue();
            assertThat(status.path("agents").size()).isEqualTo(1);
        });
        // The orchestrator's pre-flight reaches safety with its own key: a start as an operator is not refused
        // for want of a verdict (409 when the busy build machine is unfit is a verdict too). A safety-service just
        // restarted by another test of this class can miss the pre-flight's 1 s on its first, cold answer (503
        // naming the time-out); a refused key would be 503 on every attempt, so the start is tried for a while.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Http.Response start = Http.call("POST", url(LocalStack.ORCHESTRATOR) + "/cycle/quick",
                    "{\"target_load\":5,\"duration\":1}", stack.security().generatedKeys().get("operator"));
            assertThat(start.status()).as(start.body()).isIn(202, 409);
        });
        Http.call("POST", url(LocalStack.ORCHESTRATOR) + "/emergency/stop", null, viewer);
        // A client that does not authenticate gets nothing from the broker.
        try (Admin plaintext = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
            assertThat(catchThrowable(() -> plaintext.describeTopics(List.of(Topics.COMMANDS)).allTopicNames()
                    .get(10, TimeUnit.SECONDS))).isNotNull();
        }
    }

    @Test
    void aServiceThatMustAuthenticateToKafkaRefusesToStartWithoutCredentials() throws Exception {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        Path log = Files.createTempFile("safety-without-sasl", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", home.resolve("safety-service/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        builder.environment().put("STRESS_REQUIRE_KAFKA_AUTH", "true");
        builder.environment().put("STRESS_HTTP_PORT", Integer.toString(LoopbackPorts.free()));
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("STRESS_DATA_DIR", log.getParent().resolve("safety-without-sasl-data").toString());
        Process safety = builder.start();
        try {
            assertThat(safety.waitFor(90, TimeUnit.SECONDS)).as("the service stops by itself").isTrue();
            assertThat(safety.exitValue()).isNotZero();
            assertThat(Files.readString(log)).contains("STRESS_REQUIRE_KAFKA_AUTH is set")
                    .contains("KAFKA_SECURITY_PROTOCOL is PLAINTEXT");
        } finally {
            safety.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void rulesAnAdminChangedSurviveARestartOfSafetyAndNameTheAdmin() {
        String thresholds = url(LocalStack.SAFETY) + "/safety/thresholds";
        String rules = "{\"rules\":[{\"id\":\"cpu\",\"metric\":\"cpu_usage\",\"limit\":99,\"for\":\"2s\"},"
                + "{\"id\":\"memory\",\"metric\":\"memory_usage\",\"limit\":95}]}";
        assertThat(Http.call("PUT", thresholds, rules, admin).status()).isEqualTo(200);

        ServiceProcess safety = stack.service(LocalStack.SAFETY);
        safety.stop(Duration.ofSeconds(15));
        safety.start();
        safety.awaitReady(Duration.ofSeconds(120));

        JsonNode after = Http.call("GET", thresholds, null, viewer).json();
        assertThat(after.path("rules").findValuesAsText("id")).containsExactly("cpu", "memory");
        assertThat(after.path("rules").get(0).path("limit").asDouble()).isEqualTo(99);
        assertThat(after.path("rule_set").path("source").asText()).isEqualTo("runtime");
        assertThat(after.path("rule_set").path("changed_by").asText()).matches("api-key-[0-9a-f]{12} \\(admin\\)");

        assertThat(Http.call("DELETE", thresholds, null, admin).json().path("rule_set").path("source").asText())
                .isEqualTo("configured");
    }
}
