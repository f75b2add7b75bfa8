package io.stressfw.metrics.store;

import io.stressfw.metrics.aggregation.CurrentPhase;
import io.stressfw.metrics.aggregation.CycleMetricsReport;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.aggregation.PhaseOutcome;
import io.stressfw.model.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static io.stressfw.metrics.aggregation.Fixtures.agent;
import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.phaseStarted;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static io.stressfw.model.PhaseEventType.CYCLE_ABORTED;
import static io.stressfw.model.PhaseEventType.CYCLE_COMPLETED;
import static io.stressfw.model.PhaseEventType.HOLD_STARTED;
import static io.stressfw.model.PhaseEventType.PHASE_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

class FileMetricsStoreTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static MetricsAggregator fresh() {
        return MetricsAggregator.builder().maxCycles(10).rawSampleCap(100).baselineOnIdle(true).build();
    }

    private static MetricsAggregator restored(FileMetricsStore store) {
        MetricsAggregator aggregator = fresh();
        MetricsStore.Loaded loaded = store.load(10);
        aggregator.restore(loaded.cycles(), loaded.rawSamples(), loaded.baselines());
        return aggregator;
    }

    @Test
    void aggregatesRawSamplesAndBaselinesSurviveARestart() {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator before = fresh();
        String cycle = "cycle/with:odd chars";
        before.accept(event(cycle, PHASE_STARTED, Phase.IDLE, T0));
        before.accept(event(cycle, HOLD_STARTED, Phase.IDLE, T0 + 10));
        before.accept(host("h1", T0 + 20, 3));
        new MetricsPersister(before, store).persist();
        before.accept(phaseStarted(cycle, Phase.LIGHT, T0 + 2_000, 20.0, 0, 60, 0));
        for (int i = 0; i < 3000; i++) {
            before.accept(host("h1", T0 + 2_001 + i, i % 100));
        }
        before.accept(agent("a1", T0 + 2_500, cycle, Phase.LIGHT, 20, 19));
        before.accept(event(cycle, CYCLE_COMPLETED, null, T0 + 6_000));
        new MetricsPersister(before, store).persist();

        MetricsAggregator after = restored(store);

        CycleMetricsReport expected = before.report(cycle).orElseThrow();
        assertThat(after.report(cycle)).contains(expected);
        assertThat(after.rawSamples(cycle).orElseThrow()).isEqualTo(before.rawSamples(cycle).orElseThrow());
        assertThat(after.baselines()).isEqualTo(before.baselines());
        assertThat(expected.rawSamples().truncated()).isTrue();
        assertThat(expected.phases().get(1).sources().get("h1").metrics().get("cpu_usage").stats().exact()).isFalse();
    }

    @Test
    void aCycleRestoredRunningStaysCurrentUntilItsAbortArrives() {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator before = fresh();
        before.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));
        before.accept(host("h1", T0 + 1, 5));
        new MetricsPersister(before, store).persist();

        MetricsAggregator after = restored(store);
        // Restarted alone, this service cannot tell a cycle still under way from one whose orchestrator died: it
        // keeps sampling at the cycle's rate until the orchestrator says (cycle_aborted when it restarts).
        assertThat(after.currentPhase().cycleId()).isEqualTo("c1");
        assertThat(after.currentPhase().phase()).isEqualTo(Phase.LIGHT);

        after.accept(event("c1", CYCLE_ABORTED, null, T0 + 500));

        assertThat(after.currentPhase()).isEqualTo(CurrentPhase.NONE);
        CycleMetricsReport report = after.report("c1").orElseThrow();
        assertThat(report.outcome()).isEqualTo(PhaseOutcome.ABORTED);
        assertThat(report.endedAtMs()).isEqualTo(T0 + 500);
    }

    @Test
    void aTornLastLineIsSkippedOnLoad() throws Exception {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator before = fresh();
        before.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));
        before.accept(host("h1", T0 + 1, 5));
        new MetricsPersister(before, store).persist();
        Files.writeString(store.dirOf("c1").resolve("samples.jsonl"), "{\"version\":1,\"sour",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(restored(store).rawSamples("c1").orElseThrow()).hasSize(1);
    }

    @Test
    void evictedCyclesAreDeletedFromDisk() {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator small = MetricsAggregator.builder().maxCycles(1).rawSampleCap(10).build();
        small.accept(event("old", PHASE_STARTED, Phase.LIGHT, T0));
        small.accept(event("old", CYCLE_COMPLETED, null, T0 + 1));
        new MetricsPersister(small, store).persist();
        assertThat(store.dirOf("old")).exists();
        small.accept(event("new", PHASE_STARTED, Phase.LIGHT, T0 + 2));
        new MetricsPersister(small, store).persist();
        assertThat(store.dirOf("old")).doesNotExist();
        assertThat(store.load(10).cycles()).extracting(s -> s.cycleId()).containsExactly("new");
    }
}
