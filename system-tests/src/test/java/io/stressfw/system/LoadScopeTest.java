package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.kafka.Directories;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load scope with real processes: two agents on this one host, in the default host scope, with the default safety
 * rules. They share the host's target: at HEAVY's 75 % they hold the whole host at 75 % (measured from
 * {@code /proc/stat}), not 100 %; at 100 % one leaves mid-phase (SIGTERM, as a scale-down does) and the other takes over its share of the
 * CPU and of the memory cap without the cycle stopping, then it comes back and they split again; across all of it the
 * two agents never hold more than the host's memory cap together. Its own stack (the shared one caps each agent at one
 * core), in its own surefire execution.
 */
@Tag("load-scope")
class LoadScopeTest {
    private static final double MEMORY_CAP_MB = 256;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws IOException {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("stress.system.work", "target/system-stack")).toAbsolutePath()
                .resolveSibling("scope-stack");
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        Path cycles = work.resolve("cycles.yaml");
        try (InputStream in = LoadScopeTest.class.getResourceAsStream("/scope-cycles.yaml")) {
            Files.copy(in, cycles, StandardCopyOption.REPLACE_EXISTING);
        }
        stack = LocalStack.start(LaunchOptions.forTests(home, work.resolve("run"), 2).withCyclesConfig(cycles)
                .withKeepData(true).withEnvironment(Map.of(
                        // The host's memory cap, shared by its two agents; 8 MB chunks divide it evenly.
                        "STRESS_AGENT_LOAD_GENERATORS_MEMORY_LIMIT_GB", String.valueOf(MEMORY_CAP_MB / 1024),
                        "STRESS_AGENT_LOAD_GENERATORS_MEMORY_CHUNK_SIZE_MB", "8")));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void everyAgentIsUpAndNoCycleRuns() {
        for (ServiceProcess agent : stack.agents()) {
            if (!agent.isAlive()) {
                agent.start();
            }
            agent.awaitReady(Duration.ofSeconds(120));
        }
        Scope.awaitIdle(orchestrator());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                Http.post(stack.service(LocalStack.SAFETY).url() + "/safety/preflight", "{}").json().path("fit").asBoolean());
    }

    @Test
    void twoAgentsOnOneHostHoldTheWholeHostAtSeventyFivePercent() {
        String cycleId = Scope.start(orchestrator(), "heavy");
        Scope.awaitStage(orchestrator(), "heavy", "hold", Duration.ofSeconds(90));
        for (ServiceProcess agent : stack.agents()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(status(agent).path("scope").path("share").asDouble()).as(agent.name()).isEqualTo(0.5));
        }

        // One-second samples over the hold; the host is held at the target only as long as the rest of the machine
        // leaves room for it, so the 10 s window must be one in which everything else stayed 15 points below the
        // target. The rest is the platform and this JVM, and the hypervisor's steal, which counts as busy (the CPU was
        // not this host's to use): at a target of 50 a verify here saw 40-60 % of other load for the whole hold, the
        // steal alone up to 21 % while the host was half busy.
        List<Long> pids = stack.agents().stream().map(ServiceProcess::pid).toList();
        Window window = Window.find(pids, 60, 10, Duration.ofSeconds(55));

        assertThat(window.hostMean()).as("host utilisation over 10 s, per second %s (agents %s)", window.host(),
                window.agents()).isCloseTo(75, org.assertj.core.data.Offset.offset(2.0));
        for (ServiceProcess agent : stack.agents()) {
            assertThat(status(agent).path("generators").path("cpu").path("achieved_value").asDouble())
                    .as(agent.name() + " takes part (cores)").isGreaterThan(0.1);
        }
        JsonNode host = Http.getJson(orchestrator() + "/status").path("hosts").path(0);
        assertThat(host.path("agents")).hasSize(2);
        assertThat(host.path("scope").asText()).isEqualTo("host");
        assertThat(host.path("target").path("cpu").asDouble()).isEqualTo(75.0);

        JsonNode report = Scope.awaitCycleEnd(orchestrator(), cycleId, Duration.ofSeconds(70));
        assertThat(report.path("outcome").asText()).as("%s", report).isEqualTo("completed");
        JsonNode reported = report.path("phases").path(0).path("hosts").path(0);
        assertThat(reported.path("agents")).hasSize(2);
        assertThat(reported.path("achieved").path("cpu").asDouble()).as("the report's host CPU").isBetween(65.0, 85.0);
    }

    @Test
    void atHundredPercentAnAgentThatLeavesHandsItsShareToTheOtherAndTakesItBackWhenItReturns() throws Exception {
        ServiceProcess first = stack.agents().get(0);
        ServiceProcess second = stack.agents().get(1);
        MemoryWatch memory = new MemoryWatch(first, second).start();
        try {
            String cycleId = Scope.start(orchestrator(), "chaos");
            Scope.awaitStage(orchestrator(), "chaos", "hold", Duration.ofSeconds(90));
            for (ServiceProcess agent : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(allocatedMb(agent))
                        .as(agent.name() + " holds half the cap").isEqualTo(MEMORY_CAP_MB / 2));
            }

            long stopped = System.nanoTime();
            second.stop(Duration.ofSeconds(15));
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(status(first).path("scope").path("share").asDouble()).isEqualTo(1.0));
            double handover = (System.nanoTime() - stopped) / 1e9;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(allocatedMb(first)).as("the whole cap").isEqualTo(MEMORY_CAP_MB));
            // Half the host's CPU would leave it near 65 % with the rest of the machine quiet: the one left must fill
            // it alone, measured in seconds when the rest of the machine left room.
            Window alone = Window.find(List.of(first.pid()), 40, 3, Duration.ofSeconds(30));
            assertThat(alone.hostMean()).as("host CPU with one agent left, per second %s (agent %s)", alone.host(),
                    alone.agents()).isGreaterThanOrEqualTo(95);
            JsonNode running = Http.getJson(orchestrator() + "/status");
            assertThat(running.path("state").asText()).as("the cycle goes on: the agent left in order").isEqualTo("running");
            assertThat(running.path("cycle_id").asText()).isEqualTo(cycleId);

            second.start();
            second.awaitReady(Duration.ofSeconds(120));
            for (ServiceProcess agent : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(status(agent).path("scope").path("share").asDouble()).isEqualTo(0.5);
                    assertThat(allocatedMb(agent)).as(agent.name() + " back to half the cap").isEqualTo(MEMORY_CAP_MB / 2);
                });
            }
            assertThat(Http.getJson(orchestrator() + "/status").path("state").asText()).isEqualTo("running");
            assertThat(Http.getJson(stack.service(LocalStack.SAFETY).url() + "/safety/violations").toString())
                    .as("no stale-source violation for the agent that left in order").doesNotContain("stale-source");
            // The watch polls on its own thread: wait until it has read the split, the one left alone and the split
            // again, so that its maximum covers the whole round however fast or slow the machine went through it.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(memory.roundsSeen())
                    .as("the memory watch saw both halves, the whole cap alone, and both halves again").isEqualTo(3));
            System.out.printf("share handed over %.2f s after SIGTERM%n", handover);
        } finally {
            memory.stop();
            Http.post(orchestrator() + "/emergency/stop", "{}");
        }
        assertThat(memory.maxTotalMb()).as("the two agents' memory together, at its highest").isLessThanOrEqualTo(MEMORY_CAP_MB);
    }

    private static String orchestrator() {
        return stack.service(LocalStack.ORCHESTRATOR).url();
    }

    private static JsonNode status(ServiceProcess agent) {
        return Http.getJson(agent.url() + "/agent/status");
    }

    private static double allocatedMb(ServiceProcess agent) {
        return status(agent).path("resources").path("allocated_memory_mb").asDouble();
    }

    /**
     * Both agents' memory, polled every 100 ms. The two answers are not one instant: read A, B, then A again, and
     * take the lower of the two sums, so that an agent giving memory back between two reads while the other grows
     * does not read as both holding it; a total over the cap that lasts longer than a read still shows. It also
     * counts how far through the round it has seen the agents: split in halves (1), the first alone with the whole
     * cap (2), split again (3).
     */
    private static final class MemoryWatch {
        private final ServiceProcess a;
        private final ServiceProcess b;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicReference<Double> max = new AtomicReference<>(0.0);
        private volatile int rounds;
        private Thread thread;

        MemoryWatch(ServiceProcess a, ServiceProcess b) {
            this.a = a;
            this.b = b;
        }

        MemoryWatch start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    double a1 = read(a);
                    double b1 = read(b);
                    double a2 = read(a);
                    max.accumulateAndGet(Math.min(a1 + b1, b1 + a2), Math::max);
                    follow(a1, b1);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-watch");
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        double maxTotalMb() {
            return max.get();
        }

        int roundsSeen() {
            return rounds;
        }

        private void follow(double first, double second) {
            boolean split = first == MEMORY_CAP_MB / 2 && second == MEMORY_CAP_MB / 2;
            boolean alone = first == MEMORY_CAP_MB && second == 0;
            if (split && rounds % 2 == 0 || alone && rounds == 1) {
                rounds++;
            }
        }

        /** An agent that is down holds nothing (it freed its memory before it went). */
        private static double read(ServiceProcess agent) {
            try {
                return agent.isAlive() ? allocatedMb(agent) : 0;
            } catch (RuntimeException | AssertionError e) {
                return 0;
            }
        }
    }

    /** Ten one-second samples of the host and of the agents' processes, in which the rest of the machine left room. */
    private record Window(List<Double> host, List<Double> agents) {
        double hostMean() {
            return host.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /**
         * Samples one second at a time until {@code seconds} consecutive ones had less than {@code maxOther} percent
         * of other load (host minus the agents' processes), or the deadline passes.
         */
        static Window find(List<Long> agentPids, double maxOther, int seconds, Duration within) {
            List<Double> host = new ArrayList<>();
            List<Double> agents = new ArrayList<>();
            List<Double> others = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            ProcCpu.Reading previous = ProcCpu.read(agentPids);
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                ProcCpu.Reading now = ProcCpu.read(agentPids);
                double h = now.hostPercentSince(previous);
                double a = now.processPercentSince(previous);
                previous = now;
                if (h - a >= maxOther) {
                    host.clear();
                    agents.clear();
                    others.add(h - a);
                    continue;
                }
                host.add(h);
                agents.add(a);
                if (host.size() == seconds) {
                    return new Window(List.copyOf(host), List.copyOf(agents));
                }
            }
            throw new AssertionError("no " + seconds + " s window with room for the target on this machine: other load "
                    + "per busy second " + others + " (the machine is too busy to measure the host's load)");
        }
    }

    /** Cycle steps against this class's own stack. */
    static final class Scope {
        private Scope() {
        }

        /**
         * Starts a cycle as a client should: letting the orchestrator wait up to 60 s for the host to be fit (this
         * machine is shared: another build may hold it over the CPU limit for a while) and for both agents.
         */
        static String start(String orchestrator, String phase) {
            Http.Response answer = Http.post(orchestrator + "/cycle/start",
                    "{\"phases\":[\"" + phase + "\"],\"wait_for_fit\":60,\"min_agents\":2}");
            assertThat(answer.status()).as("start answered: " + answer.body()).isEqualTo(202);
            return answer.json().path("cycle_id").asText();
        }

        static void awaitStage(String orchestrator, String phase, String stage, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                JsonNode status = Http.getJson(orchestrator + "/status");
                return phase.equals(status.path("current_phase").asText()) && stage.equals(status.path("stage").asText());
            });
        }

        static JsonNode awaitCycleEnd(String orchestrator, String cycleId, Duration timeout) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                Http.Response response = Http.get(orchestrator + "/cycles/" + cycleId);
                return response.status() == 200 && response.json().path("ended_at_ms").isNumber();
            });
            return Http.getJson(orchestrator + "/cycles/" + cycleId);
        }

        static void awaitIdle(String orchestrator) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                String state = Http.getJson(orchestrator + "/status").path("state").asText();
                if (state.equals("running") || state.equals("stopping")) {
                    Http.post(orchestrator + "/emergency/stop", "{}");
                    return false;
                }
                return true;
            });
        }
    }
}
