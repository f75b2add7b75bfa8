package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI end to end against a real HTTP server that replays recorded orchestrator answers. */
class StressCtlTest {

    /** The recordings' agent was last seen at 1795000000000; the clock reads 3 s later and moves only when polling waits. */
    private final ManualClock clock = new ManualClock(1_795_000_003_000L);
    private final FakeOrchestrator orchestrator = new FakeOrchestrator();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final RecordedHooks hooks = new RecordedHooks();

    /** Shutdown hooks kept instead of registered with the JVM: a test runs them as SIGINT/SIGTERM would. */
    static final class RecordedHooks implements ShutdownHooks {
        final List<Thread> added = new ArrayList<>();
        final List<Thread> removed = new ArrayList<>();

        @Override
        public void add(Thread hook) {
            added.add(hook);
        }

        @Override
        public void remove(Thread hook) {
            removed.add(hook);
        }
    }

    @AfterEach
    void stopServer() {
        orchestrator.close();
    }

    private int run(boolean terminal, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--url");
        all.add(orchestrator.url());
        return runRaw(terminal, all.toArray(String[]::new));
    }

    private int runRaw(boolean terminal, String... args) {
        return StressCtl.run(new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), terminal, clock, hooks, args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private void cycleRunsThenEnds(String cycleId, String report) {
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"" + cycleId + "\"}")
                .on("GET", "/status", 200, "status-light")
                .on("GET", "/status", 200, "status-medium")
                .on("GET", "/status", 200, "status-idle")
                .on("GET", "/cycles/" + cycleId, 200, report);
    }

    @Test
    void startWaitFollowsThePhasesAndExitsZeroWhenTheCycleCompletes() throws Exception {
        cycleRunsThenEnds("c-0001", "report-completed");

        int exit = run(false, "start", "--phases", "light,MEDIUM", "--wait", "--poll-interval", "10");

        assertThat(exit).isZero();
        assertThat(out()).contains("cycle c-0001 started")
                .contains("phase light (1/2)  50%  load 12.4% -> 25.0%  elapsed 5s  remaining 5s")
                .contains("phase medium (2/2)  25%")
                .contains("cycle c-0001 completed: 2 phases run, 0 violations, knee 48.7%")
                .doesNotContain("\r").doesNotContain("[#");
        JsonNode body = OrchestratorClient.JSON.readTree(orchestrator.requests("POST", "/cycle/start").get(0).body());
        assertThat(body.toString()).as("--wait lets the orchestrator wait for fit, 5 s at a time")
                .isEqualTo("{\"phases\":[\"light\",\"medium\"],\"wait_for_fit\":5.0}");
        assertThat(orchestrator.requests("POST", "/cycle/start").get(0).contentType()).isEqualTo("application/json");
    }

    @Test
    void startWaitExitsTwoWhenSafetyAbortedTheCycle() {
        cycleRunsThenEnds("c-0002", "report-safety-abort");
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0002\"}");

        int exit = run(false, "start", "--phases", "light,medium,heavy", "--wait", "--poll-interval", "10");

        assertThat(exit).isEqualTo(2);
        assertThat(err()).contains("cycle c-0002 aborted by safety (stop violation cpu-critical on agent-a)");
    }

    @Test
    void startWaitExitsOneWhenAnOperatorAbortedTheCycle() {
        cycleRunsThenEnds("c-0003", "report-operator-abort");

        int exit = run(false, "start", "--phases", "light", "--wait", "--poll-interval", "10");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("cycle c-0003 aborted by operator (emergency stop)");
    }

    @Test
    void startWithoutWaitReturnsAtOnceWithTheCycleId() {
        cycleRunsThenEnds("c-0001", "report-completed");

        assertThat(run(false, "start", "--phases", "light", "--override-safety")).isZero();

        assertThat(out()).isEqualTo("cycle c-0001 started\n");
        assertThat(orchestrator.requests("GET", "/status")).isEmpty();
        assertThat(orchestrator.requests("POST", "/cycle/start").get(0).body())
                .isEqualTo("{\"phases\":[\"light\"],\"override_safety\":true}");
    }

    @Test
    void startWithAPlanFileSendsThePlanAsWrittenAndWaits(@TempDir Path dir) throws Exception {
        cycleRunsThenEnds("c-0001", "report-completed");
        String plan = """
                phases:
                  - phase: 1  # LIGHT
                    name: "Light Load"
                    min_load_percent: 10.0
                    max_load_percent: 25.0
                    duration_seconds: 120
                    cpu_weight: 1.0
                """;
        Path file = java.nio.file.Files.writeString(dir.resolve("plan.yaml"), plan);

        int exit = run(false, "start", "-f", file.toString(), "--wait", "--poll-interval", "10");

        assertThat(exit).isZero();
        assertThat(out()).contains("cycle c-0001 started").contains("cycle c-0001 completed");
        JsonNode body = OrchestratorClient.JSON.readTree(orchestrator.requests("POST", "/cycle/start").get(0).body());
        assertThat(body.path("plan").asText()).isEqualTo(plan);
        assertThat(body.has("phases")).isFalse();
    }

    @Test
    void aBadPlanFileIsRefusedLineByLineAndNothingIsSent(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("plan.yaml"), """
                phases:
                  - phase: 9
                    min_load_percent: ten
                    max_load_percent: 25
                    duration_seconds: 1
                    cpu_weight: 1
                """);

        assertThat(run(false, "start", "-f", file.toString(), "--wait")).isEqualTo(1);
        assertThat(run(false, "validate", "-f", file.toString())).isEqualTo(1);

        assertThat(err()).contains(file + ": line 2, column 12, field 'phases[0].phase': must be between 0 and 6, was 9",
                file + ": line 3, column 23, field 'phases[0].min_load_percent': must be a number, was the text 'ten'",
                "2 problems in " + file + "; nothing was started").doesNotContain("Exception");
        assertThat(orchestrator.requests("POST", "/cycle/start")).isEmpty();
    }

    @Test
    void validateChecksAPlanOfflineAndSaysWhatItWouldRun() {
        assertThat(run(false, "validate", "-f", "../stress-plan/src/test/resources/seed_stress_cycles.yaml")).isZero();
        assertThat(out()).contains("seed_stress_cycles.yaml: valid; phases light 10-25 %; planned 2m50s");
        assertThat(orchestrator.requests("GET", "/status")).isEmpty();
    }

    @Test
    void validateSaysThatAPlansProbesRunFromTheOrchestratorsStartUp(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("plan.yaml"), """
                probes:
                  checkout: {type: http, url: "http://127.0.0.1:9/checkout"}
                phases:
                  light: {min_load: 10, max_load: 25, duration_seconds: 5, cpu_weight: 1}
                """);

        assertThat(run(false, "validate", "-f", file.toString())).isZero();

        assertThat(out()).contains(file + ": valid; phases light 10-25 %")
                .contains("probes checkout: they run from the orchestrator's start-up, so start it with this plan "
                        + "(./stress up --config " + file + ")");
    }

    @Test
    void theWatchdogOverrideIsItsOwnFlag() {
        cycleRunsThenEnds("c-0002", "report-completed");

        assertThat(run(false, "start", "--phases", "light", "--override-safety", "--override-safety-watchdog")).isZero();

        assertThat(orchestrator.requests("POST", "/cycle/start").get(0).body())
                .isEqualTo("{\"phases\":[\"light\"],\"override_safety\":true,\"override_safety_watchdog\":true}");
    }

    @Test
    void terminalProgressRedrawsOneBarPerPhase() {
        cycleRunsThenEnds("c-0001", "report-completed");

        assertThat(run(true, "start", "--phases", "light,medium", "--wait", "--poll-interval", "10")).isZero();

        assertThat(out()).contains("\rphase light (1/2) [############------------]  50%")
                .contains("\rphase medium (2/2) [######------------------]  25%");
    }

    @Test
    void junitFileIsWrittenAfterWaiting(@TempDir Path dir) throws Exception {
        cycleRunsThenEnds("c-0002", "report-safety-abort");
        Path junit = dir.resolve("reports/stress.xml");

        int exit = run(false, "start", "--phases", "light,medium,heavy", "--wait", "--poll-interval", "10",
                "--junit", junit.toString());

        assertThat(exit).isEqualTo(2);
        Document xml = parseXml(Files.readString(junit));
        assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo(1);
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
    }

    @Test
    void quickPostsTheSeedsQuickTestAndWaits() throws Exception {
        orchestrator.onJson("POST", "/cycle/quick", 202, "{\"cycle_id\":\"c-0001\"}")
                .on("GET", "/status", 200, "status-idle")
                .on("GET", "/cycles/c-0001", 200, "report-completed");

        int exit = run(false, "quick", "--target-load", "50", "--duration", "60", "--wait", "--poll-interval", "10");

        assertThat(exit).isZero();
        JsonNode body = OrchestratorClient.JSON.readTree(orchestrator.requests("POST", "/cycle/quick").get(0).body());
        assertThat(body.path("target_load").asDouble()).isEqualTo(50.0);
        assertThat(body.path("duration").asDouble()).isEqualTo(60.0);
        assertThat(body.has("weights")).isFalse();
    }

    @Test
    void quickPassesWeightsRampsAndTheSafetyOverride() throws Exception {
        orchestrator.onJson("POST", "/cycle/quick", 202, "{\"cycle_id\":\"c-0001\"}");

        int exit = run(false, "quick", "--target-load", "30", "--duration", "2.5", "--weight", "CPU=1",
                "--weight", "memory=0.25", "--ramp-up", "1", "--ramp-down", "0", "--override-safety");

        assertThat(exit).isZero();
        assertThat(orchestrator.requests("POST", "/cycle/quick").get(0).body()).isEqualTo("{\"target_load\":30.0,"
                + "\"duration\":2.5,\"weights\":{\"cpu\":1.0,\"memory\":0.25},\"ramp_up_seconds\":1.0,"
                + "\"ramp_down_seconds\":0.0,\"override_safety\":true}");
        assertThat(run(false, "quick", "--target-load", "30", "--duration", "2", "--weight", "disk=1")).isEqualTo(1);
        assertThat(err()).contains("--weight: unknown resource 'disk', expected one of cpu, memory, io, network");
    }

    @Test
    void problemJsonIsPrintedAsOneClearLineAndExitsOne() {
        orchestrator.on("POST", "/cycle/start", 409, "problem-conflict");

        int exit = run(false, "start", "--phases", "light", "--wait");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).isEqualTo("stressctl: POST /cycle/start failed: HTTP 409 - Conflict; "
                + "field phases: cycle c-0001 is running; stop it first\n");
    }

    @Test
    void aDetailThatAlreadyNamesItsFieldIsNotPrefixedTwice() {
        orchestrator.on("POST", "/load/adjust", 400, "problem-field-prefixed");

        assertThat(run(false, "adjust", "--phase", "nope", "--target-load", "20")).isEqualTo(1);

        assertThat(err()).isEqualTo("stressctl: POST /load/adjust failed: HTTP 400 - Bad Request; field phase: "
                + "unknown phase 'nope', expected one of idle, light, medium, heavy, extreme, critical, chaos\n");
    }

    @Test
    void unreachableOrchestratorIsAnErrorNamingTheAddress() throws Exception {
        // A port held by a socket that never listens: connecting is refused, and no other process can take the port
        // meanwhile (a port freed before the call could be).
        try (Socket held = new Socket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String url = "http://127.0.0.1:" + held.getLocalPort();

            int exit = runRaw(false, "status", "--url", url);

            assertThat(exit).isEqualTo(1);
            assertThat(err()).startsWith("stressctl: GET /status failed: cannot connect to the orchestrator at " + url);
            assertThat(err().lines()).hasSize(1);
        }
    }

    @Test
    void badCommandLineExitsOneNeverTheSafetyCode() {
        assertThat(run(false, "start", "--phases", "light", "--bogus")).isEqualTo(1);
        assertThat(err()).contains("Unknown option: '--bogus'");
        assertThat(run(false, "adjust", "--phase", "medium", "--target-load", "150")).isEqualTo(1);
        assertThat(err()).contains("--target-load must be between 0 and 100, got 150.0");
        assertThat(orchestrator.requests()).isEmpty();
    }

    @Test
    void adjustStopAndEmergencyStopPostToTheirEndpoints() throws Exception {
        orchestrator.onJson("POST", "/load/adjust", 200, "{\"phase\":\"medium\",\"target_load\":60.0}")
                .onJson("POST", "/cycle/stop", 202, "{\"cycle_id\":\"c-0001\"}")
                .onJson("POST", "/emergency/stop", 200, "{}");

        assertThat(run(false, "adjust", "--phase", "Medium", "--target-load", "60")).isZero();
        assertThat(run(false, "stop")).isZero();
        assertThat(run(false, "emergency-stop")).isZero();

        JsonNode adjust = OrchestratorClient.JSON.readTree(orchestrator.requests("POST", "/load/adjust").get(0).body());
        assertThat(adjust.path("phase").asText()).isEqualTo("medium");
        assertThat(adjust.path("target_load").asDouble()).isEqualTo(60.0);
        assertThat(orchestrator.requests("POST", "/cycle/stop")).hasSize(1);
        assertThat(orchestrator.requests("POST", "/emergency/stop")).hasSize(1);
        assertThat(out()).contains("phase medium target set to 60.0%", "stop requested for cycle c-0001",
                "EMERGENCY STOP sent");
    }

    @Test
    void tokenIsSentAsBearerWhereverTheOptionIsGiven() {
        orchestrator.on("GET", "/status", 200, "status-light");

        assertThat(runRaw(false, "--url", orchestrator.url(), "--token", "s3cret", "status")).isZero();
        assertThat(runRaw(false, "status", "--token", "other", "--url", orchestrator.url())).isZero();

        assertThat(orchestrator.requests("GET", "/status")).extracting(FakeOrchestrator.Request::authorization)
                .containsExactly("Bearer s3cret", "Bearer other");
    }

    @Test
    void statusSummarisesPhaseAgentsAndBreakers() {
        orchestrator.on("GET", "/status", 200, "status-light");

        assertThat(run(false, "status")).isZero();

        assertThat(out()).contains("state:   running   cycle c-0001")
                .contains("phase:   light (1/2)  50%  load 12.4% -> 25.0%")
                .contains("safety:  online")
                .contains("agents:  1", "agent-a  achieved cpu 12.1% memory 6.0%  seen 3s ago")
                .contains("cpu_usage/agent-a  closed");
    }

    @Test
    void reportJsonPrintsTheOrchestratorsReport() throws Exception {
        orchestrator.on("GET", "/cycles/c-0001", 200, "report-completed");

        assertThat(run(false, "report", "c-0001")).isZero();

        assertThat(OrchestratorClient.JSON.readTree(out()))
                .isEqualTo(OrchestratorClient.JSON.readTree(FakeOrchestrator.recorded("report-completed")));
    }

    @Test
    void reportJunitHasASuitePerCycleAndATestcasePerPhase() throws Exception {
        orchestrator.on("GET", "/cycles/c-0001", 200, "report-completed")
                .on("GET", "/cycles/c-0002", 200, "report-safety-abort");

        assertThat(run(false, "report", "c-0001", "c-0002", "--format", "junit")).isZero();

        Document xml = parseXml(out());
        Element root = xml.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("5");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("skipped")).isEqualTo("1");
        NodeList suites = xml.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);

        Element completed = (Element) suites.item(0);
        assertThat(completed.getAttribute("name")).isEqualTo("stress cycle c-0001");
        assertThat(completed.getAttribute("failures")).isEqualTo("0");
        assertThat(completed.getAttribute("time")).isEqualTo("28.500");
        NodeList completedCases = completed.getElementsByTagName("testcase");
        assertThat(((Element) completedCases.item(0)).getAttribute("name")).isEqualTo("light");
        assertThat(((Element) completedCases.item(0)).getAttribute("time")).isEqualTo("12.000");
        assertThat(completedCases.item(1).getTextContent()).contains("target 50.0%, achieved 48.7%");

        Element aborted = (Element) suites.item(1);
        assertThat(aborted.getAttribute("failures")).isEqualTo("1");
        assertThat(aborted.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = aborted.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element medium = (Element) cases.item(1);
        Element failure = (Element) medium.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("violation");
        assertThat(failure.getAttribute("message")).isEqualTo("1 safety violation, phase aborted");
        assertThat(failure.getTextContent()).isEqualTo("[stop/critical] cpu-critical: cpu_usage = 97.50 "
                + "(threshold 95.00) on agent-a - cpu_usage 97.5 > 95.0 <stop>");
        Element heavy = (Element) cases.item(2);
        assertThat(((Element) heavy.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("not run: cycle aborted by safety before this phase");
        Element properties = (Element) aborted.getElementsByTagName("properties").item(0);
        assertThat(properties.getElementsByTagName("property").getLength()).isEqualTo(3);
    }

    @Test
    void reportLatestResolvesTheNewestCycleOfTheHistory() throws Exception {
        orchestrator.onJson("GET", "/cycles", 200, "{\"count\":2,\"cycles\":[{\"cycle_id\":\"c-0002\"},"
                        + "{\"cycle_id\":\"c-0001\"}]}")
                .on("GET", "/cycles/c-0002", 200, "report-safety-abort");

        assertThat(run(false, "report", "latest")).isZero();

        assertThat(OrchestratorClient.JSON.readTree(out()).path("cycle_id").asText()).isEqualTo("c-0002");
    }

    @Test
    void reportLatestOfAnEmptyHistoryIsAnError() {
        orchestrator.onJson("GET", "/cycles", 200, "{\"count\":0,\"cycles\":[]}");

        assertThat(run(false, "report", "latest")).isEqualTo(1);
        assertThat(err()).isEqualTo("stressctl: report latest: the orchestrator's cycle history is empty\n");
    }

    @Test
    void reportOfAnOperatorAbortFailsItsLastPhase() throws Exception {
        orchestrator.on("GET", "/cycles/c-0003", 200, "report-operator-abort");

        assertThat(run(false, "report", "c-0003", "--format", "junit")).isZero();

        Element failure = (Element) parseXml(out()).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("aborted");
        assertThat(failure.getAttribute("message")).isEqualTo("phase aborted by operator");
    }

    @Test
    void reportOfAnUnknownCycleIsA404Line() {
        int exit = run(false, "report", "nope");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).isEqualTo(
                "stressctl: GET /cycles/nope failed: HTTP 404 - Not Found; no route GET /cycles/nope\n");
    }

    @Test
    void plainProgressRepeatsTheLineEveryFiveSecondsWithinAPhase() {
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0001\"}");
        for (int second = 0; second <= 6; second++) {
            orchestrator.on("GET", "/status", 200, "status-light");
        }
        orchestrator.on("GET", "/status", 200, "status-idle")
                .on("GET", "/cycles/c-0001", 200, "report-completed");

        assertThat(run(false, "start", "--phases", "light", "--wait", "--poll-interval", "1000")).isZero();

        // Polled at 0, 1, ..., 6 s in light: a line when the phase began and one 5 s later, none in between.
        assertThat(out().lines().filter(line -> line.startsWith("phase light"))).hasSize(2);
    }

    @Test
    void waitGivesUpAfterTheTimeout() {
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0001\"}")
                .on("GET", "/status", 200, "status-light")
                .onJson("POST", "/cycle/stop", 202, "{\"cycle_id\":\"c-0001\",\"state\":\"stopping\"}");

        int exit = run(false, "start", "--phases", "light", "--wait", "--timeout", "1", "--poll-interval", "50");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("cycle c-0001 still running after --timeout 1 s")
                .contains("--timeout reached: stopping cycle c-0001 gracefully (POST /cycle/stop)")
                .contains("asked the orchestrator to stop it gracefully");
        // Given up once polling had waited just past the second, not earlier and not much later.
        assertThat(clock.sleptNanos()).isGreaterThan(1_000_000_000L).isLessThanOrEqualTo(1_050_000_000L);
        assertThat(orchestrator.requests("POST", "/cycle/stop")).hasSize(1);
    }

    @Test
    void detachLeavesTheCycleRunningAtTheTimeoutAndOnInterrupt() {
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0001\"}")
                .on("GET", "/status", 200, "status-light");

        int exit = run(false, "start", "--phases", "light", "--wait", "--detach", "--timeout", "1", "--poll-interval", "50");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("it keeps running (--detach; stop it with `stressctl stop`)");
        assertThat(orchestrator.requests("POST", "/cycle/stop")).isEmpty();
        assertThat(hooks.added).as("no stop on SIGINT/SIGTERM either").isEmpty();
    }

    @Test
    void whileWaitingASignalStopsTheCycleGracefully() {
        cycleRunsThenEnds("c-0001", "report-completed");
        orchestrator.onJson("POST", "/cycle/stop", 202, "{\"cycle_id\":\"c-0001\"}");

        assertThat(run(false, "start", "--phases", "light", "--wait", "--poll-interval", "10")).isZero();

        assertThat(hooks.added).hasSize(1);
        assertThat(hooks.removed).as("the hook is gone once the cycle has ended").containsExactlyElementsOf(hooks.added);
        hooks.added.get(0).run();
        assertThat(orchestrator.requests("POST", "/cycle/stop")).hasSize(1);
        assertThat(err()).contains("interrupted: stopping cycle c-0001 gracefully (POST /cycle/stop)");
    }

    @Test
    void aCycleThatRanUnderItsTargetExitsThree() throws Exception {
        orchestrator.onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0004\"}")
                .on("GET", "/status", 200, "status-idle")
                .on("GET", "/cycles/c-0004", 200, "report-under-target");

        int exit = run(false, "start", "--phases", "light,medium", "--wait", "--poll-interval", "10");

        assertThat(exit).isEqualTo(3);
        assertThat(err()).contains("cycle c-0004 ran under its target (phase medium: cpu achieved 31.5 % against a "
                + "target of 50 % (tolerance 5 points))");
    }

    @Test
    void waitWaitsForFitPrintingWhyThenStarts() throws Exception {
        orchestrator.on("POST", "/cycle/start", 409, "problem-unfit")
                .on("POST", "/cycle/start", 409, "problem-unfit")
                .onJson("POST", "/cycle/start", 202, "{\"cycle_id\":\"c-0001\",\"preflight\":{\"fit\":true,"
                        + "\"attempts\":2,\"waited_seconds\":1.0,\"waited_for\":[\"agents: 0 of 1 agent(s) present\"]}}")
                .on("GET", "/status", 200, "status-idle")
                .on("GET", "/cycles/c-0001", 200, "report-completed");

        int exit = run(false, "start", "--phases", "light", "--wait", "--poll-interval", "500");

        assertThat(exit).isZero();
        assertThat(out()).contains("waiting up to 60 s for the hosts to be fit: agents: 0 of 1 agent(s) present "
                        + "(an agent counts while it heartbeats, within 3000 ms); preflight.under_limit:cpu: node-a: "
                        + "cpu_usage = 99 breaks cpu_usage > 95 for 2s")
                .contains("hosts fit (the orchestrator waited for: agents: 0 of 1 agent(s) present)")
                .contains("cycle c-0001 started");
        assertThat(out().lines().filter(line -> line.startsWith("waiting")).count()).as("printed once, not per retry")
                .isEqualTo(1);
        assertThat(orchestrator.requests("POST", "/cycle/start")).hasSize(3)
                .allSatisfy(r -> assertThat(r.body()).contains("\"wait_for_fit\":"));
    }

    @Test
    void quickWithWaitRightAfterAStopWaitsForThePreviousCycleToRampDown() {
        orchestrator.on("POST", "/cycle/quick", 409, "problem-previous-cycle")
                .on("POST", "/cycle/quick", 409, "problem-previous-cycle-later")
                .onJson("POST", "/cycle/quick", 202, "{\"cycle_id\":\"c-0002\"}")
                .on("GET", "/status", 200, "status-idle")
                .on("GET", "/cycles/c-0002", 200, "report-completed");

        int exit = run(false, "quick", "--target-load", "30", "--duration", "10", "--wait", "--poll-interval", "10");

        assertThat(exit).isZero();
        assertThat(out()).contains("waiting up to 60 s for the hosts to be fit: previous_cycle: cycle c-0001 is stopping")
                .contains("cycle c-0002 started")
                .as("the seconds left change, what it waits for does not").doesNotContain("still waiting");
        assertThat(orchestrator.requests("POST", "/cycle/quick")).hasSize(3);
    }

    @Test
    void aRunningCycleEndsTheWaitAtOnce() {
        orchestrator.on("POST", "/cycle/start", 409, "problem-conflict");

        assertThat(run(false, "start", "--phases", "light", "--wait", "--poll-interval", "10")).isEqualTo(1);

        assertThat(orchestrator.requests("POST", "/cycle/start")).as("not retried").hasSize(1);
    }

    @Test
    void hostsThatNeverBecomeFitEndTheWaitWithTheLastRefusal() {
        orchestrator.on("POST", "/cycle/start", 409, "problem-unfit");

        int exit = run(false, "start", "--phases", "light", "--wait", "--fit-timeout", "2", "--poll-interval", "500");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("POST /cycle/start failed: HTTP 409").contains("cpu_usage = 99 breaks");
        assertThat(orchestrator.requests("POST", "/cycle/start")).hasSizeBetween(4, 6);
        assertThat(orchestrator.requests("POST", "/cycle/start").get(0).body()).contains("\"wait_for_fit\":2.0");
    }

    @Test
    void fitTimeoutZeroStartsWithoutWaiting() {
        orchestrator.on("POST", "/cycle/start", 409, "problem-unfit");

        assertThat(run(false, "start", "--phases", "light", "--wait", "--fit-timeout", "0")).isEqualTo(1);

        assertThat(orchestrator.requests("POST", "/cycle/start")).hasSize(1);
        assertThat(orchestrator.requests("POST", "/cycle/start").get(0).body()).doesNotContain("wait_for_fit");
    }

    @Test
    void breakersAreListedAndResetThroughTheOrchestrator() {
        String open = "{\"breaker_id\":\"cpu@node-a\",\"rule_id\":\"cpu\",\"source_id\":\"node-a\",\"state\":\"open\","
                + "\"since_ms\":1795000000000,\"open_until_ms\":1795000030000,\"trips\":2,\"opened_in_cycle\":\"c-0002\"}";
        String closed = open.replace("\"open\"", "\"closed\"").replace("1795000030000", "null");
        orchestrator.onJson("GET", "/breakers", 200, "{\"count\":1,\"breakers\":[" + open + "]}")
                .onJson("POST", "/breakers/cpu@node-a/reset", 200, closed)
                .onJson("POST", "/breakers/reset", 200, "{\"count\":1,\"reset\":[" + closed + "]}");

        assertThat(run(false, "breakers")).isZero();
        assertThat(run(false, "breakers", "reset", "cpu@node-a")).isZero();
        assertThat(run(false, "breakers", "reset", "--all")).isZero();

        assertThat(out()).contains("cpu@node-a  open until 2026-11-18T11:07:10Z  trips 2  opened by cycle c-0002")
                .contains("reset cpu@node-a  closed  trips 2")
                .contains("reset 1 breaker\n  cpu@node-a  closed");
        assertThat(run(false, "breakers", "reset")).as("an id or --all").isEqualTo(1);
    }

    @Test
    void junitShowsEachPhasesResourcesHostP95sAndFailsAPhaseUnderItsTarget() throws Exception {
        orchestrator.on("GET", "/cycles/c-0004", 200, "report-under-target");

        assertThat(run(false, "report", "c-0004", "--format", "junit")).isZero();

        Document xml = parseXml(out());
        NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(2);
        Element light = (Element) cases.item(0);
        assertThat(light.getElementsByTagName("failure").getLength()).isZero();
        assertThat(light.getElementsByTagName("system-out").item(0).getTextContent()).isEqualTo("""
                target 25.0%, achieved 24.1%
                held (planned vs achieved): cpu 24.1% of 25.0% (met), memory 12.2% of 12.5% (met, reached after 3.4 s)
                host node-a: cpu_usage p95 36.4 (mean 33.0, +24.8 over IDLE), cpu_steal p95 9.8 (mean 6.1, +0.2 over IDLE), \
                memory_usage p95 44.5 (mean 44.0, +3.0 over IDLE)""");
        Element medium = (Element) cases.item(1);
        Element failure = (Element) medium.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("under_target");
        assertThat(failure.getAttribute("message")).isEqualTo("phase held under its target: cpu achieved 31.5 % "
                + "against a target of 50 % (tolerance 5 points)");
        assertThat(failure.getTextContent()).contains("cpu 31.5% of 50.0% (under_target)");
        assertThat(xml.getElementsByTagName("failure").getLength()).as("one failing phase, no second failure").isEqualTo(1);
    }

    private static Document parseXml(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
