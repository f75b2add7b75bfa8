package io.stressfw.safety.engine;

import io.stressfw.model.BreakerState;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.safety.breaker.BreakerRegistry;
import io.stressfw.safety.breaker.CircuitBreaker;
import io.stressfw.safety.preflight.SourceReading;
import io.stressfw.model.Comparison;
import io.stressfw.safety.rule.RuleCondition;
import io.stressfw.safety.rule.RuleScope;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SourceTrackerTest {
    private static final ThresholdRule STALE = ThresholdRule.simple("stale-source", "sample_gap", Comparison.ABOVE, 2, SafetyAction.STOP);
    private static final ThresholdRule CPU = ThresholdRule.simple("cpu", "cpu_usage", Comparison.ABOVE, 95, SafetyAction.STOP);
    private static final ThresholdRule MEMORY = ThresholdRule.simple("memory", "memory_usage", Comparison.ABOVE, 90, SafetyAction.STOP);

    private final RuleBook rules = new RuleBook(List.of(CPU, MEMORY), Set.of("stale-source"));
    private final BreakerRegistry breakers = new BreakerRegistry(10_000, 0);
    private final SourceTracker tracker = new SourceTracker(STALE, 2_000, 60_000, breakers);

    private static MetricSample sample(String id, SourceKind kind, Map<String, Double> metrics) {
        return new MetricSample(Versioned.SCHEMA_VERSION, id, kind, "node-" + id, 1, null, null, metrics, null);
    }

    private static final long WALL_OFFSET = 1_700_000_000_000L;

    private SourceTracker.Source heard(String id, long at) {
        return tracker.heard(sample(id, SourceKind.HOST, Map.of("cpu_usage", 50.0)), at, at, rules);
    }

    @Test
    void aNewSourceGetsAConditionForEveryRuleInForce() {
        SourceTracker.Source source = heard("h1", 0);
        assertThat(source.id()).isEqualTo("h1");
        assertThat(source.condition(0).rule()).isEqualTo(CPU);
        assertThat(source.condition(1).rule()).isEqualTo(MEMORY);
        assertThat(source.staleCondition().rule()).isEqualTo(STALE);
    }

    @Test
    void conditionsOfRulesThatStayInForceKeepTheirStateWhenTheRulesChange() {
        SourceTracker.Source source = heard("h1", 0);
        RuleCondition memory = source.condition(1);
        memory.observe(0, 95);
        ThresholdRule heavyCpu = ThresholdRule.simple(RuleScope.phaseRuleId("heavy", "cpu_usage"), "cpu_usage",
                Comparison.ABOVE, 80, SafetyAction.STOP).withScope(RuleScope.PHASE);
        rules.replacePhase(List.of(heavyCpu));
        heard("h1", 100);
        assertThat(source.condition(1)).isSameAs(memory);
        assertThat(source.condition(1).active()).isTrue();
        assertThat(source.condition(2).rule()).isEqualTo(heavyCpu);
        assertThat(tracker.activeSources(1, rules.version())).isEqualTo(1);
        assertThat(tracker.activeSources(2, rules.version())).isZero();
        assertThat(source.condition(2, rules.version())).isSameAs(source.condition(2));
        assertThat(source.condition(2, rules.version() - 1)).as("conditions of an older set of rules").isNull();
    }

    @Test
    void activeSourcesCountsOnlySourcesAlignedWithThatVersion() {
        heard("h1", 0).condition(0).observe(0, 99);
        assertThat(tracker.activeSources(0, rules.version())).isEqualTo(1);
        assertThat(tracker.activeSources(0, rules.version() + 1)).isZero();
    }

    @Test
    void aSourceSilentForLongerThanTheGapIsStaleOnlyDuringACycle() {
        heard("h1", 0);
        heard("h2", 1_500);
        assertThat(tracker.sweep(2_000, true)).isEmpty();
        assertThat(tracker.sweep(2_001, false)).isEmpty();
        assertThat(tracker.sweep(2_001, true)).singleElement().satisfies(s -> {
            assertThat(s.source().id()).isEqualTo("h1");
            assertThat(s.gapMs()).isEqualTo(2_001);
        });
    }

    @Test
    void aLongSilentSourceIsForgottenWithItsClosedBreakersButNotItsOpenOnes() {
        SourceTracker.Source source = heard("h1", 0);
        CircuitBreaker open = breakers.obtain("cpu", "h1", 0);
        open.trip(0, "hot");
        source.attach(open);
        source.attach(breakers.obtain("memory", "h1", 0));
        assertThat(tracker.sweep(60_001, true)).isEmpty();
        assertThat(tracker.readings(60_001)).isEmpty();
        assertThat(breakers.get("memory@h1")).isNull();
        assertThat(breakers.get("cpu@h1").state()).isEqualTo(BreakerState.OPEN);

        SourceTracker.Source back = heard("h1", 61_000);
        assertThat(back).isNotSameAs(source);
        assertThat(back.breaker("cpu")).isSameAs(open);
        assertThat(back.breaker("memory")).isNull();
    }

    @Test
    void readingsCarryEachSourcesLatestSampleAndWhenItWasHeard() {
        tracker.heard(sample("a1", SourceKind.AGENT, Map.of("cpu_usage", 10.0)), 5, 1_005, rules);
        tracker.heard(sample("a1", SourceKind.AGENT, Map.of("cpu_usage", 20.0)), 7, 1_007, rules);
        // Heard on the monotonic clock: pre-flight judges freshness by arrival, whatever the wall clock says.
        assertThat(tracker.readings(7)).containsExactly(
                new SourceReading("a1", SourceKind.AGENT, "node-a1", 7, Map.of("cpu_usage", 20.0)));
    }

    @Test
    void silenceIsMeasuredOnTheMonotonicClockWhateverTheWallClockDid() {
        // Heard at monotonic 0 while the wall clock read an hour later than it does at the sweep: a step back.
        tracker.heard(sample("h1", SourceKind.HOST, Map.of("cpu_usage", 50.0)), 0, 3_600_000, rules);
        assertThat(tracker.sweep(1_500, true)).isEmpty();
        assertThat(tracker.sweep(2_500, true)).singleElement().satisfies(s -> assertThat(s.gapMs()).isEqualTo(2_500));
    }

    @Test
    void statusesShowEachSourcesSilenceAndClockSkew() {
        // The samples are stamped at 1 ms; arriving at wall 40 001 ms, their source's clock is 40 s behind.
        tracker.heard(sample("behind", SourceKind.HOST, Map.of("cpu_usage", 50.0)), 100, 40_001, rules);
        tracker.heard(sample("synced", SourceKind.AGENT, Map.of("cpu_usage", 50.0)), 100, 3, rules);

        assertThat(tracker.statuses(600, 1_000)).containsExactly(
                new SourceStatus("behind", SourceKind.HOST, "node-behind", 40_001, 500, -40_000L, true),
                new SourceStatus("synced", SourceKind.AGENT, "node-synced", 3, 500, -2L, false));
        assertThat(tracker.maxAbsSkewMs()).isEqualTo(40_000);
    }

    @Test
    void aHostsReadingCarriesItsSamplesOfTheLastTenSecondsOldestFirst() {
        // The recent samples are timed by their arrival on the monotonic clock, not the wall clock.
        tracker.heard(sample("h1", SourceKind.HOST, Map.of("cpu_usage", 10.0)), 0, WALL_OFFSET, rules);
        tracker.heard(sample("h1", SourceKind.HOST, Map.of("cpu_usage", 20.0)), 5_000, WALL_OFFSET + 5_000, rules);
        tracker.heard(sample("h1", SourceKind.HOST, Map.of("cpu_usage", 30.0)), 10_500, WALL_OFFSET + 10_500, rules);

        assertThat(tracker.readings(10_500)).singleElement().extracting(SourceReading::recent).asList().containsExactly(
                new SourceReading.Sample(5_000, Map.of("cpu_usage", 20.0)),
                new SourceReading.Sample(10_500, Map.of("cpu_usage", 30.0)));
    }
}
