package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19's proof of the knee with real parts: the user's service ({@link ContentionService}, a fixed amount of
 * hashing per request on one thread) on loopback, probed over HTTP by the orchestrator, while two real agents load the
 * host's CPU under an adaptive phase climbing by an SLO on the probe's p95. The cycle finds a knee inside the band, the
 * metrics-service's report has the probe's latency percentiles for the phase, and a tighter SLO, on the same stack,
 * gives a lower knee. The limits come from the service's own latency as the probe measured it, idle just before and
 * at the band's top under the loose SLO, so the test asserts no machine's timings.
 */
@Tag("slo-probes")
class SloKneeAcrossServicesTest {
    private static final double BAND_MIN = 10;
    private static final double BAND_MAX = 85;
    /**
     * The loose SLO: ten times the probe's timeout (100 ms), which no window of it can break, so its knee is the
     * band's top and its report says how slow the service was there.
     */
    private static final double LOOSE_MS = 1000;
    /** How much slower than idle the service must be at the band's top for the test to mean anything. */
    private static final double SLOWDOWN_AT_TOP = 2.0;
    private static final int SETTLED = 16;
    /**
     * Cycles run again in all when the machine spoiled one (see {@link #stalledBelowTheTop}, {@link #brokeAtTheBottom},
     * {@link #heldToTheTop}),
     * or when the service was not {@link #SLOWDOWN_AT_TOP} times slower at the loose cycle's top than idle after it (once
     * on the CI's machine: 8.9 ms at 85 % against 6.6 ms idle, where this VM measures 35-64 ms against 6-9).
     */
    private static final int MAX_RERUNS = 2;
    /** A settled stretch has no reading over this many times its median: no spike, whatever the low ones do. */
    private static final double SETTLED_SPREAD = 1.5;
    private static final Duration IDLE_OBSERVED = Duration.ofSeconds(20);
    /** On a fresh stack the service answered 10-50 ms for 80 s (the platform compiling beside it), then 4-5 ms. */
    private static final Duration IDLE_SETTLES_WITHIN = Duration.ofSeconds(180);

    @BeforeEach
    void readyForACycle() {
        SloStack.control().awaitReadyForACycle();
    }

    @Test
    void aTighterSloOnARealServiceUnderRealCpuLoadGivesALowerKnee() {
        settledIdleP95Ms(); // the loose cycle, too, starts on a settled host
        List<String> reruns = new ArrayList<>();
        JsonNode loose;
        double atTop;
        double idleP95;
        while (true) {
            loose = runKneeCycle(LOOSE_MS);
            if (stalledBelowTheTop(loose) && reruns.size() < MAX_RERUNS) {
                reruns.add(rerunBecause("loose", loose, loose.path("slo").path("note").asText()));
                settledIdleP95Ms();
                continue;
            }
            assertThat(kneeOf(loose, LOOSE_MS)).as("an SLO the probe cannot break holds to the band's top (runs "
                    + "before: %s)", reruns).isEqualTo(BAND_MAX);
            atTop = loose.path("slo").path("values_at_knee").path("probe.checkout.p95_ms").asDouble();
            // The idle figure that sets the bars is read once the service is idle and steady after the loose cycle,
            // so that the tight cycle starts on a settled host and measures against what the service does now, not a
            // minute ago (a reading before the loose cycle, taken while the host was steadily slow, was 110 ms once).
            idleP95 = settledIdleP95Ms();
            if (atTop >= idleP95 * SLOWDOWN_AT_TOP || reruns.size() >= MAX_RERUNS) {
                break;
            }
            reruns.add(rerunBecause("loose", loose, "p95 %.2f ms at the top against %.2f ms idle, host CPU %s"
                    .formatted(atTop, idleP95, achievedCpu(loose))));
        }
        assertThat(atTop).as("the service's p95 at the band's top, against %.2f ms idle, host CPU %s (runs before: %s)",
                idleP95, achievedCpu(loose), reruns).isGreaterThanOrEqualTo(idleP95 * SLOWDOWN_AT_TOP);

        double tightMs;
        JsonNode tight;
        while (true) {
            // Halfway between idle and the top on a log scale: held at the band's bottom, broken at its top.
            tightMs = Math.sqrt(idleP95 * atTop);
            tight = runKneeCycle(tightMs);
            if (!(brokeAtTheBottom(tight) || heldToTheTop(tight)) || reruns.size() >= MAX_RERUNS) {
                break;
            }
            reruns.add(rerunBecause("tight", tight, tight.path("slo").path("note").asText()));
            idleP95 = settledIdleP95Ms();
            assertThat(atTop).as("the service's p95 at the band's top, against %.2f ms idle", idleP95)
                    .isGreaterThanOrEqualTo(idleP95 * SLOWDOWN_AT_TOP);
        }
        double tightKnee = kneeOf(tight, tightMs);
        System.out.printf("idle p95 %.2f ms, %.2f ms at the top: knee %.1f%% (p95 <= %.0f ms), %.1f%% (p95 <= %.2f ms)%n",
                idleP95, atTop, BAND_MAX, LOOSE_MS, tightKnee, tightMs);
        assertThat(tightKnee).as("the tighter SLO's knee, below the looser one's (runs before: %s)", reruns)
                .isLessThan(BAND_MAX);
    }

    /** The phase's CPU as the orchestrator's report has it: achieved against target (host scope: the whole host's). */
    private static String achievedCpu(JsonNode report) {
        JsonNode cpu = report.path("phases").path(0).path("resources").path("cpu");
        return cpu.path("achieved_percent").asText("?") + " % of " + cpu.path("target_percent").asText("?");
    }

    /**
     * The loose cycle's climb stopped below the band's top with its SLO never broken. The engine takes a step only
     * after a whole window held at one load with the hosts keeping up; in one run on this VM, through heavy steal by
     * the hypervisor (mean 26 %, up to 74 %), it had climbed to 62.5 % when the 24 s phase ended.
     */
    private static boolean stalledBelowTheTop(JsonNode report) {
        JsonNode slo = report.path("slo");
        return slo.path("knee_load_percent").asDouble(0) < BAND_MAX && !slo.path("broke_at_load_percent").isNumber();
    }

    /**
     * The tight cycle broke at the band's bottom and held nowhere: the service, a few ms idle, answered over the bar at
     * 10 % load for the whole phase, as it does through a stretch of heavy steal (twice on this VM: 17.4 ms against a
     * 15.7 ms bar set from a 6 ms idle reading).
     */
    private static boolean brokeAtTheBottom(JsonNode report) {
        JsonNode slo = report.path("slo");
        return !slo.path("knee_load_percent").isNumber() && slo.path("broke_at_load_percent").asDouble(-1) == BAND_MIN;
    }

    /**
     * The tight cycle held a whole window at the band's top: the service answered within the bar there this time,
     * where the loose cycle had found it several times slower (once on this VM: 98 ms at the top in the loose cycle,
     * a window within 26.5 ms at the top in the tight one).
     */
    private static boolean heldToTheTop(JsonNode report) {
        return report.path("slo").path("knee_load_percent").asDouble(0) >= BAND_MAX;
    }

    /** A cycle the machine spoiled is run again, as an operator would, at most {@link #MAX_RERUNS} times in all. */
    private static String rerunBecause(String which, JsonNode report, String reason) {
        String why = which + " cycle " + report.path("cycle_id").asText() + ": " + reason;
        System.out.println("run again: " + why);
        return why;
    }

    /** Runs one adaptive phase climbing by {@code probe.checkout.p95_ms <= limit}; returns the orchestrator's report. */
    private static JsonNode runKneeCycle(double limitMs) {
        String plan = SloStack.probes() + """
                slo:
                  window: 2s
                  objectives: {probe.checkout.p95_ms: %.3f}
                phases:
                  heavy: {min_load: %s, max_load: %s, duration_seconds: 24, ramp_up_seconds: 1, ramp_down_seconds: 1,
                          cpu_weight: 1.0, adaptive_enabled: true, ramping_strategy: adaptive}
                """.formatted(limitMs, (int) BAND_MIN, (int) BAND_MAX);
        String cycleId = SloStack.control().startPlan(plan);
        JsonNode report = SloStack.control().awaitCycleEnd(cycleId, Duration.ofSeconds(60));
        assertThat(report.path("outcome").asText()).as("%s", report).isEqualTo("completed");
        assertThat(report.path("knee_basis").asText()).isEqualTo("slo");
        assertPhaseHasProbeLatencyPercentiles(cycleId);
        return report;
    }

    /** The knee the cycle found under {@code limitMs}, inside the band, with the probe's p95 there within the limit. */
    private static double kneeOf(JsonNode report, double limitMs) {
        JsonNode slo = report.path("slo");
        assertThat(slo.path("knee_load_percent").isNumber()).as("a knee was found: %s", slo).isTrue();
        assertThat(slo.path("note").asText()).as("%s", slo).doesNotStartWith("no knee found");
        assertThat(slo.path("values_at_knee").path("probe.checkout.p95_ms").asDouble()).isLessThanOrEqualTo(limitMs);
        double knee = slo.path("knee_load_percent").asDouble(Double.NaN);
        assertThat(knee).as("knee of %s", report.path("slo")).isBetween(BAND_MIN, BAND_MAX);
        return knee;
    }

    /** The metrics-service's report of the cycle: the phase's p50/p95/p99/max of the probe's latency. */
    private static void assertPhaseHasProbeLatencyPercentiles(String cycleId) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            JsonNode report = Http.getJson(SloStack.metrics() + "/metrics/cycles/" + cycleId);
            JsonNode stats = report.findPath("probe:checkout").findPath("probe.checkout.latency_ms");
            assertThat(stats.isMissingNode()).as("probe latency in %s", report).isFalse();
            for (String stat : List.of("p50", "p95", "p99", "max")) {
                assertThat(stats.findPath(stat).asDouble()).as(stat + " in " + stats).isPositive();
            }
            assertThat(stats.findPath("p95").asDouble()).isGreaterThanOrEqualTo(stats.findPath("p50").asDouble());
        });
    }

    /**
     * The probe's own p95 with no load, once the machine has settled: the lowest median of any {@link #SETTLED}
     * consecutive readings (every 500 ms, so about four windows) in which no attempt failed and none is over
     * {@link #SETTLED_SPREAD} times their median and the host was never over {@link SloStack#QUIET_HOST_PERCENT} %
     * busy, over at least {@link #IDLE_OBSERVED}. (Measured against the stretch's lowest reading instead, it once
     * never settled in three minutes on a VM whose neighbours steal CPU: an idle service answering in 4-12 ms.) Right
     * after the stack starts its services compile their code on both cores, and the low-priority service answers late
     * and unsteadily (measured with the light service: 10-50 ms for 80 s, then 4-5 ms); right after another scenario's
     * cycle it can answer steadily slow for a while. The first steady stretch alone would set a bar that the service
     * does not reach under load, so the quietest one seen counts.
     */
    private static double settledIdleP95Ms() {
        List<Double> readings = new ArrayList<>();
        List<Long> busyHost = new ArrayList<>();
        double quietest = Double.NaN;
        long started = System.nanoTime();
        long deadline = started + IDLE_SETTLES_WITHIN.toNanos();
        ProcCpu.Reading earlier = ProcCpu.read(List.of());
        while (System.nanoTime() < deadline) {
            JsonNode snapshot = Http.getJson(SloStack.metrics() + "/metrics/snapshot");
            JsonNode p95 = snapshot.findPath("probe.checkout.p95_ms");
            ProcCpu.Reading now = ProcCpu.read(List.of());
            double host = now.hostPercentSince(earlier);
            earlier = now;
            if (host > SloStack.QUIET_HOST_PERCENT) {
                busyHost.add(Math.round(host));
                readings.clear();
            } else if (snapshot.findPath("probe.checkout.error_rate").asDouble(1) > 0) {
                readings.clear();
            } else if (p95.isNumber()) {
                readings.add(p95.asDouble());
            }
            if (readings.size() >= SETTLED) {
                List<Double> last = readings.subList(readings.size() - SETTLED, readings.size()).stream().sorted().toList();
                double median = last.get(SETTLED / 2);
                if (last.get(SETTLED - 1) <= SETTLED_SPREAD * median) {
                    quietest = Double.isNaN(quietest) ? median : Math.min(quietest, median);
                }
            }
            if (!Double.isNaN(quietest) && System.nanoTime() - started >= IDLE_OBSERVED.toNanos()) {
                System.out.printf("idle p95 %.2f ms, the quietest steady stretch of %d readings (host busier than "
                        + "%.0f %% at %d others): %s%n", quietest, readings.size(), SloStack.QUIET_HOST_PERCENT,
                        busyHost.size(), readings);
                return quietest;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        throw new AssertionError("the service's idle p95 did not settle within " + IDLE_SETTLES_WITHIN + ": " + readings
                + "; host busier than " + SloStack.QUIET_HOST_PERCENT + " % at " + busyHost.size() + " readings: " + busyHost);
    }
}
