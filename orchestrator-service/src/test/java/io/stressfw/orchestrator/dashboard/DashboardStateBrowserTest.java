package io.stressfw.orchestrator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Phase;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure functions of the dashboard's state.js, run as the page runs them: imported as an ES module by the real
 * headless Chromium. Every input and every state is deep-frozen first, so a function that changed its input instead
 * of returning a new state fails. The messages are shaped as the orchestrator sends them (the README's /ws section;
 * violations and breaker transitions are the wire records themselves).
 */
class DashboardStateBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;
    private static final String CYCLE_ID = "cycle-1a2b3c4d";

    /**
     * Folds the steps into initialState(): each step is [function name, JSON argument]. Answers the final state and,
     * per step, whether the function returned the very state it was given.
     */
    private static final String FOLD = """
            const [steps, done] = [arguments[0], arguments[arguments.length - 1]];
            const freeze = value => {
              if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
                Object.values(value).forEach(freeze);
                Object.freeze(value);
              }
              return value;
            };
            import('/js/state.js').then(s => {
              let state = freeze(s.initialState());
              const unchanged = [];
              for (const [name, json] of steps) {
                const before = state;
                state = freeze(s[name](state, freeze(JSON.parse(json))));
                unchanged.push(state === before);
              }
              done(JSON.stringify({state, unchanged}));
            }).catch(e => done(JSON.stringify({error: String(e.stack || e)})));
            """;
    private static final String BREAKER_ROWS = """
            const [json, done] = [arguments[0], arguments[arguments.length - 1]];
            import('/js/state.js').then(s => {
              const state = JSON.parse(json);
              done(JSON.stringify({rows: s.breakerRows(Object.freeze(state.breakers), Object.freeze(state.breakerViews))}));
            }).catch(e => done(JSON.stringify({error: String(e.stack || e)})));
            """;
    private static final String PHASE_BANDS = """
            const [json, done] = [arguments[0], arguments[arguments.length - 1]];
            import('/js/state.js')
              .then(s => done(JSON.stringify({bands: s.phaseBands(Object.freeze(JSON.parse(json)))})))
              .catch(e => done(JSON.stringify({error: String(e.stack || e)})));
            """;

    private static DashboardFileServer files;
    private static HeadlessChromium browser;

    @BeforeAll
    static void openModulePage() {
        files = DashboardFileServer.start();
        browser = HeadlessChromium.start(Path.of("target", "dashboard-state-browser"));
        browser.driver.get(files.url(DashboardFileServer.EMPTY_PAGE));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (files != null) {
            files.close();
        }
    }

    @AfterEach
    void consoleStaysClean() {
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void initialStateIsIdleWithEveryPhaseAndNothingHeardYet() {
        JsonNode state = fold().state();

        assertThat(state.path("status").path("state").asText()).isEqualTo("idle");
        assertThat(state.path("status").path("safety_online").isNull()).isTrue();
        assertThat(state.path("status").path("phases")).isEmpty();
        assertThat(texts(state.path("phases")))
                .containsExactly("idle", "light", "medium", "heavy", "extreme", "critical", "chaos");
        for (String empty : List.of("points", "agents", "hosts", "links", "breakers", "safetyEvents", "cycleLog", "history")) {
            assertThat(state.path(empty)).as(empty).isEmpty();
        }
        assertThat(state.path("selectedCycle").isNull()).isTrue();
        assertThat(state.path("report").isNull()).isTrue();
    }

    @Test
    void stateMessageReplacesTheStatusTheAgentsAndTheBreakers() {
        JsonNode state = fold(message(stateMessage(true)), message(stateMessage(false))).state();

        JsonNode status = state.path("status");
        assertThat(status.path("state").asText()).isEqualTo("running");
        assertThat(status.path("current_phase").asText()).isEqualTo("light");
        assertThat(status.path("phase_elapsed_seconds").asDouble()).isEqualTo(12.0);
        assertThat(status.path("safety_online").asBoolean()).isTrue();
        assertThat(status.path("phases").path(0).path("phase").asText()).isEqualTo("light");
        // The second status no longer lists the agent: it is gone, not merged with the first.
        assertThat(state.path("agents")).isEmpty();
        assertThat(state.path("breakers").path("memory_usage/agent-1").path("to").asText()).isEqualTo("open");
    }

    @Test
    void realTimeUpdateMovesTheFiguresAndAddsOneChartPoint() {
        JsonNode state = fold(message(stateMessage(true)), message(update(T0 + 500, "light", 18.5))).state();

        JsonNode status = state.path("status");
        assertThat(status.path("current_load_percent").asDouble()).isEqualTo(18.5);
        assertThat(status.path("target_load_percent").asDouble()).isEqualTo(20.0);
        assertThat(status.path("phase_progress").asDouble()).isEqualTo(0.45);
        assertThat(status.path("cycle_id").asText()).isEqualTo(CYCLE_ID);
        // Elapsed and remaining seconds are not in the update: they stay as the last status gave them.
        assertThat(status.path("phase_elapsed_seconds").asDouble()).isEqualTo(12.0);
        assertThat(status.path("phase_remaining_seconds").asDouble()).isEqualTo(18.0);
        assertThat(status.path("safety_online").asBoolean()).isTrue();

        assertThat(state.path("points")).hasSize(1);
        JsonNode point = state.path("points").path(0);
        assertThat(point.path("t").asLong()).isEqualTo(T0 + 500);
        assertThat(point.path("phase").asText()).isEqualTo("light");
        JsonNode values = point.path("values");
        assertThat(values.path("cpu_usage").asDouble()).isEqualTo(23.0);
        assertThat(values.path("cpu_steal").asDouble()).isEqualTo(2.5);
        assertThat(values.path("memory_usage").asDouble()).isEqualTo(41.5);
        assertThat(values.path("disk_mbps").asDouble()).isEqualTo(3.0);
        assertThat(values.path("network_mbps").asDouble()).isEqualTo(1.0);
        assertThat(values.path("target_cpu").asDouble()).isEqualTo(18.5);
        assertThat(values.path("target_io").asDouble()).isEqualTo(3.7);
        assertThat(values.path("achieved_cpu").asDouble()).isEqualTo(17.8);
        assertThat(values.path("achieved_io").isNull()).as("no agent reported io").isTrue();
    }

    @Test
    void theProbesP95AndPromqlValuesAreChartedBesideTheLoad() {
        String withProbes = update(T0 + 500, "heavy", 60.0).replace("\"safety_online\":true}",
                "\"safety_online\":true,\"probes\":{\"probe.checkout.p95_ms\":240.5,\"probe.checkout.error_rate\":0.0,"
                        + "\"probe.checkout.latency_ms\":212.0,\"probe.queue_depth\":1234.0}}");

        JsonNode values = fold(message(withProbes)).state().path("points").path(0).path("values");

        assertThat(values.path("load").asDouble()).isEqualTo(60.0);
        assertThat(values.path("probe.checkout.p95_ms").asDouble()).isEqualTo(240.5);
        assertThat(values.path("probe.queue_depth").asDouble()).isEqualTo(1234.0);
        assertThat(values.has("probe.checkout.error_rate")).as("only the charted figures").isFalse();
        assertThat(values.has("probe.checkout.latency_ms")).isFalse();
    }

    @Test
    void idleUpdateWithoutHostsDrawsNoHostFigures() {
        JsonNode state = fold(message(idleUpdate(T0))).state();

        JsonNode status = state.path("status");
        assertThat(status.path("state").asText()).isEqualTo("idle");
        assertThat(status.path("cycle_id").isNull()).isTrue();
        assertThat(status.path("current_phase").isNull()).isTrue();
        JsonNode point = state.path("points").path(0);
        assertThat(point.path("phase").isNull()).isTrue();
        for (String absent : List.of("cpu_usage", "cpu_steal", "memory_usage", "disk_mbps", "network_mbps",
                "achieved_cpu")) {
            assertThat(point.path("values").path(absent).isNull()).as(absent).isTrue();
        }
        assertThat(point.path("values").path("target_cpu").asDouble()).isEqualTo(0.0);
    }

    @Test
    void hostsAndLinksAreTheStatusesThenEachUpdates() {
        JsonNode afterStatus = fold(message(stateMessage(true))).state();
        assertThat(afterStatus.path("hosts").path(0).path("host_id").asText()).isEqualTo("node-a");
        assertThat(afterStatus.path("hosts").path(0).path("achieved").path("cpu").asDouble()).isEqualTo(19.2);
        assertThat(afterStatus.path("links").path(0).path("mbps").asDouble()).isEqualTo(3.5);

        JsonNode afterUpdate = fold(message(stateMessage(true)), message(update(T0 + 500, "light", 18.5))).state();
        assertThat(afterUpdate.path("hosts").path(0).path("achieved").path("cpu").asDouble()).isEqualTo(17.8);
        assertThat(afterUpdate.path("links").path(0).path("to_agent").asText()).isEqualTo("agent-2");

        JsonNode idle = fold(message(stateMessage(true)), message(idleUpdate(T0 + 1_000))).state();
        assertThat(idle.path("hosts")).isEmpty();
        assertThat(idle.path("links")).isEmpty();
    }

    @Test
    void chartKeepsTheWindowAndFiveSecondsMore() {
        JsonNode state = fold(message(update(T0, "light", 10)), message(update(T0 + 1_000, "light", 11)),
                message(update(T0 + 126_000, "medium", 30))).state();

        // The newest point is 126 s after the first: the first is past 120 s + 5 s, the second exactly at it.
        assertThat(state.path("points").findValues("t")).extracting(JsonNode::asLong)
                .containsExactly(T0 + 1_000, T0 + 126_000);
    }

    @Test
    void chartKeepsAtMostTwelveHundredPoints() {
        Step[] updates = IntStream.range(0, 1201)
                .mapToObj(i -> message(update(T0 + i * 10L, "light", 20))).toArray(Step[]::new);

        JsonNode points = fold(updates).state().path("points");

        assertThat(points).hasSize(1200);
        assertThat(points.path(0).path("t").asLong()).isEqualTo(T0 + 10);
        assertThat(points.path(1199).path("t").asLong()).isEqualTo(T0 + 12_000);
    }

    @Test
    void phaseChangeIsLoggedAndLeavesTheFigures() {
        Folded folded = fold(message(stateMessage(true)), message("""
                {"type":"phase_change","timestamp_ms":%d,"cycle_id":"%s","phase":"light","event":"holding",
                 "event_type":"hold_started",
                 "target_load_percent":20.0,"reason":null,"details":{"planned_hold_seconds":30.0}}
                """.formatted(T0 + 5_000, CYCLE_ID)));

        JsonNode log = folded.state().path("cycleLog");
        assertThat(log).hasSize(1);
        assertThat(log.path(0).path("t").asLong()).isEqualTo(T0 + 5_000);
        assertThat(log.path(0).path("text").asText()).isEqualTo("hold started: light");
        assertThat(folded.state().path("status").path("current_load_percent").asDouble()).isEqualTo(20.0);
        assertThat(folded.state().path("points")).isEmpty();
    }

    @Test
    void violationJoinsTheSafetyFeedAndLeavesTheBreakers() {
        Violation violation = new Violation(Versioned.SCHEMA_VERSION, "v-1", T0, "memory-warn", "memory_usage", 81.5,
                80, Severity.WARNING, SafetyAction.WARN, "agent-1", CYCLE_ID, Phase.LIGHT, "memory_usage 81.5 > 80");

        JsonNode state = fold(message(safetyEvent(WireCodec.encode(violation)))).state();

        assertThat(state.path("breakers")).isEmpty();
        assertThat(state.path("safetyEvents")).hasSize(1);
        assertThat(state.path("safetyEvents").path(0).path("rule_id").asText()).isEqualTo("memory-warn");
        assertThat(state.path("safetyEvents").path(0).path("action").asText()).isEqualTo("warn");
    }

    @Test
    void breakerTransitionSetsItsBreakerNewestEventFirst() {
        JsonNode state = fold(
                message(safetyEvent(breaker(T0, BreakerState.CLOSED, BreakerState.OPEN))),
                message(safetyEvent(breaker(T0 + 10_000, BreakerState.OPEN, BreakerState.HALF_OPEN)))).state();

        assertThat(state.path("breakers")).hasSize(1);
        assertThat(state.path("breakers").path("memory_usage/agent-1").path("to").asText()).isEqualTo("half_open");
        assertThat(state.path("safetyEvents").findValues("to")).extracting(JsonNode::asText)
                .containsExactly("half_open", "open");
    }

    @Test
    void safetyFeedKeepsTheNewestHundredEvents() {
        Step[] events = IntStream.range(0, 101).mapToObj(i -> message(safetyEvent(WireCodec.encode(
                new Violation(Versioned.SCHEMA_VERSION, "v-" + i, T0 + i, "cpu-warn", "cpu_usage", 91.0, 90,
                        Severity.WARNING, SafetyAction.WARN, "host-1", null, null, "cpu_usage 91 > 90")))))
                .toArray(Step[]::new);

        JsonNode feed = fold(events).state().path("safetyEvents");

        assertThat(feed).hasSize(100);
        assertThat(feed.path(0).path("violation_id").asText()).isEqualTo("v-100");
        assertThat(feed.path(99).path("violation_id").asText()).isEqualTo("v-1");
    }

    @Test
    void agentJoinedAddsTheAgentAndAgentLeftRemovesIt() {
        String joined = """
                {"type":"agent_joined","timestamp_ms":%d,"agent":%s}""".formatted(T0, agent("agent-2"));
        String left = """
                {"type":"agent_left","timestamp_ms":%d,"agent":%s}""".formatted(T0 + 4_000, agent("agent-2"));

        JsonNode afterJoin = fold(message(stateMessage(true)), message(joined)).state();
        assertThat(afterJoin.path("agents").fieldNames()).toIterable().containsExactlyInAnyOrder("agent-1", "agent-2");
        assertThat(afterJoin.path("agents").path("agent-2").path("generators").path("cpu").path("achieved_percent")
                .asDouble()).isEqualTo(19.2);
        assertThat(afterJoin.path("cycleLog").path(0).path("text").asText()).isEqualTo("agent joined: agent-2");

        JsonNode afterLeave = fold(message(stateMessage(true)), message(joined), message(left)).state();
        assertThat(afterLeave.path("agents").fieldNames()).toIterable().containsExactly("agent-1");
        assertThat(afterLeave.path("cycleLog").findValues("text")).extracting(JsonNode::asText)
                .containsExactly("agent left: agent-2", "agent joined: agent-2");
        assertThat(afterLeave.path("cycleLog").path(0).path("t").asLong()).isEqualTo(T0 + 4_000);
    }

    @Test
    void cycleReportAndCommandAnswersLeaveTheStateAsItIs() {
        String cycleReport = """
                {"type":"cycle_report","timestamp_ms":%d,"report":%s}""".formatted(T0 + 60_000, report());

        Folded folded = fold(message(stateMessage(true)), message(cycleReport),
                message("{\"type\":\"ack\",\"id\":\"estop-1\",\"command\":\"emergency_stop\",\"result\":{}}"),
                message("{\"type\":\"error\",\"status\":409,\"message\":\"no running cycle to adjust\"}"));

        assertThat(folded.unchanged()).containsExactly(false, true, true, true);
    }

    @Test
    void phasesAnswerKeepsTheConfiguredPhasesInCycleOrder() {
        String answer = """
                {"source":"classpath:stress_cycles.yaml","phases":[{"name":"heavy","min_load":50.0},
                 {"name":"idle","min_load":0.0},{"name":"light","min_load":10.0}],"adaptive_profile":{}}""";

        JsonNode state = fold(new Step("withPhases", answer)).state();

        assertThat(texts(state.path("phases"))).containsExactly("idle", "light", "heavy");
    }

    @Test
    void historySelectionAndReportAreKeptAsAnswered() {
        String history = """
                {"count":2,"cycles":[
                 {"cycle_id":"cycle-new","started_at_ms":%d,"ended_at_ms":null,"duration_seconds":null,
                  "outcome":"running","aborted_by":null,"phases":["light"],"knee_load_percent":null},
                 {"cycle_id":"%s","started_at_ms":%d,"ended_at_ms":%d,"duration_seconds":60.0,
                  "outcome":"aborted","aborted_by":"operator","phases":["light","medium"],"knee_load_percent":null}]}
                """.formatted(T0 + 100_000, CYCLE_ID, T0, T0 + 60_000);

        JsonNode state = fold(new Step("withHistory", history), new Step("selectCycle", '"' + CYCLE_ID + '"'),
                new Step("withReport", report())).state();

        assertThat(state.path("history").findValues("cycle_id")).extracting(JsonNode::asText)
                .containsExactly("cycle-new", CYCLE_ID);
        assertThat(state.path("selectedCycle").asText()).isEqualTo(CYCLE_ID);
        assertThat(state.path("report").path("aborted_by").asText()).isEqualTo("operator");
        assertThat(state.path("report").path("phases").path(0).path("achieved_load_percent").asDouble())
                .isEqualTo(19.4);
    }

    @Test
    void breakersFromSafetyAreListedWithUntilWhenTheyStayOpen() {
        String answer = """
                {"count":2,"breakers":[
                 {"breaker_id":"cpu@host-1","rule_id":"cpu","source_id":"host-1","state":"open","since_ms":%d,
                  "open_until_ms":%d,"trips":1,"opened_in_cycle":"%s"},
                 {"breaker_id":"memory@host-1","rule_id":"memory","source_id":"host-1","state":"closed","since_ms":%d,
                  "open_until_ms":null,"trips":2,"opened_in_cycle":null}]}""".formatted(T0, T0 + 30_000, CYCLE_ID, T0);

        JsonNode state = fold(new Step("withBreakers", answer)).state();
        JsonNode rows = call(BREAKER_ROWS, JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "breakers", state.path("breakers")).set("breakerViews", state.path("breakerViews")).toString()).path("rows");

        assertThat(state.path("breakers")).as("the live transitions stay apart").isEmpty();
        assertThat(rows).hasSize(2);
        assertThat(rows.path(0).path("id").asText()).isEqualTo("cpu@host-1");
        assertThat(rows.path(0).path("state").asText()).isEqualTo("open");
        assertThat(rows.path(0).path("openUntilMs").asLong()).isEqualTo(T0 + 30_000);
        assertThat(rows.path(0).path("openedInCycle").asText()).isEqualTo(CYCLE_ID);
        assertThat(rows.path(1).path("state").asText()).isEqualTo("closed");
        assertThat(rows.path(1).path("openUntilMs").isNull()).isTrue();
    }

    @Test
    void aTransitionHeardAfterSafetysViewWinsUntilTheNextView() {
        String views = """
                {"count":1,"breakers":[{"breaker_id":"memory_usage/agent-1","rule_id":"memory_usage","source_id":"agent-1",
                 "state":"open","since_ms":%d,"open_until_ms":%d,"trips":1,"opened_in_cycle":null}]}"""
                .formatted(T0 - 5_000, T0 + 25_000);
        JsonNode state = fold(new Step("withBreakers", views),
                message(safetyEvent(breaker(T0, BreakerState.OPEN, BreakerState.HALF_OPEN)))).state();

        JsonNode rows = call(BREAKER_ROWS, JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "breakers", state.path("breakers")).set("breakerViews", state.path("breakerViews")).toString()).path("rows");

        assertThat(rows).hasSize(1);
        assertThat(rows.path(0).path("state").asText()).isEqualTo("half_open");
        assertThat(rows.path(0).path("openUntilMs").isNull()).isTrue();
    }

    @Test
    void phaseBandsJoinPointsOfOnePhaseUntilAGapOfFiveSeconds() {
        JsonNode bands = call(PHASE_BANDS, """
                [{"t":0,"phase":"light","values":{}},{"t":1000,"phase":"light","values":{}},
                 {"t":2000,"phase":"medium","values":{}},{"t":8000,"phase":"medium","values":{}},
                 {"t":8500,"phase":null,"values":{}},{"t":9000,"phase":"medium","values":{}}]""").path("bands");

        assertThat(bands).hasSize(3);
        assertThat(band(bands.path(0))).isEqualTo("light 0-1000");
        assertThat(band(bands.path(1))).isEqualTo("medium 2000-2000");
        assertThat(band(bands.path(2))).isEqualTo("medium 8000-9000");
    }

    // ---------------------------------------------------------------- messages as the orchestrator sends them

    private static String stateMessage(boolean withAgent) {
        return """
                {"type":"state","timestamp_ms":%d,"state":"running","cycle_id":"%s","current_phase":"light",
                 "stage":"hold","current_load_percent":20.0,"target_load_percent":20.0,"phase_progress":0.4,
                 "phase_elapsed_seconds":12.0,"phase_remaining_seconds":18.0,"phase_index":0,"knee_load_percent":null,
                 "phases":[{"phase":"light","min_load":10.0,"max_load":25.0,"target_load_percent":20.0,
                   "duration_seconds":30.0,"ramp_up_seconds":5.0,"ramp_down_seconds":5.0,
                   "weights":{"cpu":1.0,"memory":0.3,"io":0.2,"network":0.2},"ramping_strategy":"linear",
                   "adaptive":false}],
                 "agents":[%s],"hosts":[%s],"network_links":[%s],"breakers":[%s],"safety_online":true,
                 "last_cycle_id":null,"last_outcome":null}
                """.formatted(T0, CYCLE_ID, withAgent ? agent("agent-1") : "", withAgent ? host(19.2) : "",
                withAgent ? link(3.5) : "", breaker(T0 - 1_000, BreakerState.CLOSED, BreakerState.OPEN));
    }

    private static String update(long timestampMs, String phase, double load) {
        return """
                {"type":"real_time_update","timestamp_ms":%d,"cycle_id":"%s","phase":"%s","state":"running",
                 "current_load_percent":%s,"target_load_percent":20.0,"phase_progress":0.45,
                 "metrics":{"cpu_usage":23.0,"cpu_steal":2.5,"memory_usage":41.5,"disk_read_bytes":2000000.0,
                   "disk_write_bytes":1000000.0,"network_rx_bytes":600000.0,"network_tx_bytes":400000.0,
                   "load_average_1m":0.8},
                 "achieved":{"cpu":17.8,"memory":5.5,"io":null,"network":null},
                 "target":{"cpu":%s,"memory":5.55,"io":3.7,"network":3.7},"hosts":[%s],"network_links":[%s],
                 "agents":1,"safety_online":true}
                """.formatted(timestampMs, CYCLE_ID, phase, load, load, host(17.8), link(3.6));
    }

    private static String idleUpdate(long timestampMs) {
        return """
                {"type":"real_time_update","timestamp_ms":%d,"cycle_id":null,"phase":null,"state":"idle",
                 "current_load_percent":0.0,"target_load_percent":0.0,"phase_progress":0.0,
                 "metrics":{"cpu_usage":null,"memory_usage":null},
                 "achieved":{"cpu":null,"memory":null,"io":null,"network":null},
                 "target":{"cpu":0.0,"memory":0.0,"io":0.0,"network":0.0},"hosts":[],"network_links":[],
                 "agents":0,"safety_online":false}
                """.formatted(timestampMs);
    }

    private static String host(double achievedCpu) {
        return """
                {"host_id":"node-a","scope":"host","scope_id":"node-a","agents":["agent-1"],
                 "capacity":{"cpu_cores":2.0,"memory_cap_mb":1000.0,"io_ops_per_second":500.0,"network_mbps":100.0},
                 "target":{"cpu":20.0,"memory":6.0,"io":4.0,"network":4.0},
                 "achieved":{"cpu":%s,"memory":5.9,"io":null,"network":3.5},
                 "generated":{"cpu":0.2,"memory":59.0,"io":null,"network":3.5}}""".formatted(achievedCpu);
    }

    private static String link(double mbps) {
        return """
                {"from_agent":"agent-1","from_host":"node-a","target":"10.0.2.1:9100","to_agent":"agent-2",
                 "to_host":"node-b","mbps":%s}""".formatted(mbps);
    }

    private static String agent(String id) {
        return """
                {"id":"%s","host":"localhost","last_seen_ms":%d,"started_at_ms":%d,"version":"test",
                 "generators":{"cpu":{"target_percent":20.0,"achieved_percent":19.2},
                   "memory":{"target_percent":6.0,"achieved_percent":5.9}},
                 "capabilities":{"generators":"cpu,memory,io,network"}}""".formatted(id, T0, T0 - 10_000);
    }

    private static String breaker(long timestampMs, BreakerState from, BreakerState to) {
        return WireCodec.encode(new BreakerTransition(Versioned.SCHEMA_VERSION, timestampMs, "memory_usage/agent-1",
                "memory_usage", "agent-1", from, to, "3 failures in 10 s"));
    }

    private static String safetyEvent(String event) {
        return """
                {"type":"safety_event","timestamp_ms":%d,"event":%s}""".formatted(T0, event);
    }

    private static String report() {
        return """
                {"cycle_id":"%s","started_at_ms":%d,"ended_at_ms":%d,"duration_seconds":60.0,"outcome":"aborted",
                 "aborted_by":"operator","reason":"operator emergency stop (dashboard)","override_safety":true,
                 "knee_load_percent":null,
                 "plan":[{"phase":"light","min_load":10.0,"max_load":25.0,"target_load_percent":20.0,
                   "duration_seconds":30.0,"ramp_up_seconds":5.0,"ramp_down_seconds":5.0,"weights":{"cpu":1.0},
                   "safety_thresholds":{},"ramping_strategy":"linear","adaptive":false}],
                 "phases":[{"phase":"light","started_at_ms":%d,"hold_started_at_ms":null,"ramp_down_started_at_ms":null,
                   "ended_at_ms":%d,"duration_seconds":60.0,"outcome":"aborted","target_load_percent":20.0,
                   "achieved_load_percent":19.4,"knee_load_percent":null,"hosts":[],"network_links":[]}],
                 "violations":[]}""".formatted(CYCLE_ID, T0, T0 + 60_000, T0, T0 + 60_000);
    }

    // ---------------------------------------------------------------- running state.js in the page

    private record Step(String function, String json) {
    }

    private record Folded(JsonNode state, List<Boolean> unchanged) {
    }

    private static Step message(String json) {
        return new Step("applyMessage", json);
    }

    private static Folded fold(Step... steps) {
        List<List<String>> arguments = new ArrayList<>();
        for (Step step : steps) {
            arguments.add(List.of(step.function(), step.json()));
        }
        JsonNode result = call(FOLD, arguments);
        List<Boolean> unchanged = new ArrayList<>();
        result.path("unchanged").forEach(node -> unchanged.add(node.asBoolean()));
        return new Folded(result.path("state"), unchanged);
    }

    private static JsonNode call(String script, Object argument) {
        Object answer = browser.driver.executeAsyncScript(script, argument);
        try {
            JsonNode result = JSON.readTree(String.valueOf(answer));
            assertThat(result.path("error").isMissingNode()).as("state.js threw: %s", result.path("error").asText())
                    .isTrue();
            return result;
        } catch (IOException e) {
            throw new AssertionError("the page answered no JSON: " + answer, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static String band(JsonNode band) {
        return band.path("phase").asText() + " " + band.path("from").asLong() + "-" + band.path("to").asLong();
    }
}
