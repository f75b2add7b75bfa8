package io.stressfw.metrics.store;

import io.stressfw.metrics.aggregation.CycleRecord;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static io.stressfw.model.PhaseEventType.CYCLE_COMPLETED;
import static io.stressfw.model.PhaseEventType.HOLD_STARTED;
import static io.stressfw.model.PhaseEventType.PHASE_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persistence path on a real file system when writes fail, lines tear and cycles are evicted. A full disk cannot
 * be made inside a test (no tmpfs to fill): {@link FullDisk} refuses writes as one would, in front of the real store.
 */
class MetricsPersistenceTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static MetricsAggregator aggregator(int maxCycles) {
        return MetricsAggregator.builder().maxCycles(maxCycles).rawSampleCap(100).build();
    }

    private static MetricsAggregator restored(MetricsStore store, int maxCycles) {
        MetricsAggregator aggregator = aggregator(maxCycles);
        MetricsStore.Loaded loaded = store.load(maxCycles);
        aggregator.restore(loaded.cycles(), loaded.rawSamples(), loaded.baselines());
        return aggregator;
    }

    /** The real store behind a disk that refuses the next {@code refusals} writes, as a full disk does. */
    private static class FullDisk implements MetricsStore {
        final FileMetricsStore real;
        final AtomicInteger refusals = new AtomicInteger();

        FullDisk(FileMetricsStore real) {
            this.real = real;
        }

        private void maybeRefuse() throws IOException {
            if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("No space left on device");
            }
        }

        @Override
        public Loaded load(int maxCycles) {
            return real.load(maxCycles);
        }

        @Override
        public void appendSamples(String cycleId, List<MetricSample> samples) throws IOException {
            maybeRefuse();
            real.appendSamples(cycleId, samples);
        }

        @Override
        public void writeState(String cycleId, CycleRecord.State state) throws IOException {
            maybeRefuse();
            real.writeState(cycleId, state);
        }

        @Override
        public void writeBaselines(List<HostBaseline> baselines) throws IOException {
            maybeRefuse();
            real.writeBaselines(baselines);
        }

        @Override
        public void deleteCycle(String cycleId) throws IOException {
            maybeRefuse();
            real.deleteCycle(cycleId);
        }
    }

    @Test
    void whatAFullDiskRefusedIsKeptAndWrittenOnceTheDiskHasRoom() {
        FileMetricsStore real = new FileMetricsStore(dir);
        FullDisk disk = new FullDisk(real);
        MetricsAggregator aggregator = aggregator(10);
        MetricsPersister persister = new MetricsPersister(aggregator, disk);
        aggregator.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));
        aggregator.accept(host("h1", T0 + 1, 5));
        disk.refusals.set(Integer.MAX_VALUE);

        MetricsPersister.Outcome refused = persister.persist();
        aggregator.accept(host("h1", T0 + 2, 6));
        MetricsPersister.Outcome refusedAgain = persister.persist();

        assertThat(refused.failures()).hasSize(2).allSatisfy(f -> assertThat(f).contains("No space left on device"));
        assertThat(refusedAgain.failed()).isTrue();
        assertThat(aggregator.rawSamplesWaiting()).isEqualTo(2);
        disk.refusals.set(0);
        assertThat(persister.persist().failed()).isFalse();
        assertThat(aggregator.hasPendingChanges()).isFalse();
        MetricsAggregator after = restored(real, 10);
        assertThat(after.rawSamples("c1").orElseThrow()).extracting(MetricSample::timestampMs).containsExactly(T0 + 1, T0 + 2);
        assertThat(after.report("c1").orElseThrow().phases().get(0).samples()).isEqualTo(2);
    }

    @Test
    void whatTheFileSystemRefusedIsWrittenNextTime() throws Exception {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator aggregator = aggregator(10);
        MetricsPersister persister = new MetricsPersister(aggregator, store);
        aggregator.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));
        aggregator.accept(host("h1", T0 + 1, 5));
        // A directory where the raw sample file belongs: the append fails in the real file system.
        Path obstacle = Files.createDirectories(store.dirOf("c1").resolve("samples.jsonl"));
        assertThat(persister.persist().failures()).singleElement().asString().contains("append 1 raw samples of cycle c1");

        Files.delete(obstacle);
        aggregator.accept(host("h1", T0 + 2, 6));
        assertThat(persister.persist().failed()).isFalse();

        MetricsAggregator after = restored(store, 10);
        assertThat(after.rawSamples("c1").orElseThrow()).extracting(MetricSample::timestampMs).containsExactly(T0 + 1, T0 + 2);
    }

    @Test
    void aChangeMadeWhileTheStoreWritesStaysPending() {
        FileMetricsStore real = new FileMetricsStore(dir);
        MetricsAggregator aggregator = aggregator(10);
        MetricsStore racing = new FullDisk(real) {
            @Override
            public void writeState(String cycleId, CycleRecord.State state) throws IOException {
                aggregator.accept(event(cycleId, HOLD_STARTED, Phase.LIGHT, T0 + 500));
                super.writeState(cycleId, state);
            }
        };
        aggregator.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));

        new MetricsPersister(aggregator, racing).persist();

        assertThat(aggregator.hasPendingChanges()).as("the hold that started during the write").isTrue();
        new MetricsPersister(aggregator, real).persist();
        assertThat(restored(real, 10).report("c1").orElseThrow().phases().get(0).stage()).isEqualTo(
                aggregator.report("c1").orElseThrow().phases().get(0).stage());
    }

    @Test
    void aSampleAppendedAfterATornLineIsKept() throws Exception {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator aggregator = aggregator(10);
        MetricsPersister persister = new MetricsPersister(aggregator, store);
        aggregator.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));
        aggregator.accept(host("h1", T0 + 1, 5));
        persister.persist();
        Path samples = store.dirOf("c1").resolve("samples.jsonl");
        Files.writeString(samples, "{\"version\":1,\"sour", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        aggregator.accept(host("h1", T0 + 2, 6));
        persister.persist();

        assertThat(restored(store, 10).rawSamples("c1").orElseThrow()).extracting(MetricSample::timestampMs)
                .containsExactly(T0 + 1, T0 + 2);
        assertThat(Files.readAllLines(samples)).hasSize(2);
    }

    @Test
    void aTornTailCutInsideACharacterAndACorruptedLineCostOnlyThemselves() throws Exception {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator aggregator = aggregator(10);
        MetricsPersister persister = new MetricsPersister(aggregator, store);
        aggregator.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));
        aggregator.accept(host("h1", T0 + 1, 5));
        persister.persist();
        Path samples = store.dirOf("c1").resolve("samples.jsonl");
        Files.write(samples, "not a sample\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        aggregator.accept(host("h1", T0 + 2, 6));
        persister.persist();
        Files.write(samples, new byte[]{'{', '"', 'h', (byte) 0xC3}, StandardOpenOption.APPEND);

        MetricsAggregator after = restored(store, 10);

        assertThat(after.rawSamples("c1").orElseThrow()).extracting(MetricSample::timestampMs).containsExactly(T0 + 1, T0 + 2);
        assertThat(Files.readAllBytes(samples)).endsWith('\n');
    }

    @Test
    void anEvictedCycleIsDeletedEvenWhenTheWriteThatEvictedItFailed() {
        FileMetricsStore real = new FileMetricsStore(dir);
        FullDisk disk = new FullDisk(real);
        MetricsAggregator aggregator = aggregator(1);
        MetricsPersister persister = new MetricsPersister(aggregator, disk);
        aggregator.accept(event("old", PHASE_STARTED, Phase.LIGHT, T0));
        aggregator.accept(event("old", CYCLE_COMPLETED, null, T0 + 1));
        persister.persist();
        aggregator.accept(event("new", PHASE_STARTED, Phase.LIGHT, T0 + 2));
        aggregator.accept(host("h1", T0 + 3, 5));
        disk.refusals.set(Integer.MAX_VALUE);
        assertThat(persister.persist().failures()).anySatisfy(f -> assertThat(f).startsWith("delete evicted cycle old"));

        disk.refusals.set(0);
        persister.persist();

        assertThat(real.dirOf("old")).doesNotExist();
        assertThat(real.load(1).cycles()).extracting(CycleRecord.State::cycleId).containsExactly("new");
    }

    @Test
    void aRestartNeverReloadsMoreThanMaxCyclesAndDeletesTheOldestFinished() {
        FileMetricsStore store = new FileMetricsStore(dir);
        MetricsAggregator aggregator = aggregator(4);
        aggregator.accept(event("c0-running", PHASE_STARTED, Phase.LIGHT, T0));
        for (int i = 1; i < 4; i++) {
            aggregator.accept(event("c" + i, PHASE_STARTED, Phase.LIGHT, T0 + i * 10));
            aggregator.accept(event("c" + i, CYCLE_COMPLETED, null, T0 + i * 10 + 5));
        }
        new MetricsPersister(aggregator, store).persist();

        MetricsAggregator smaller = restored(store, 2);

        assertThat(smaller.cycles()).extracting(c -> c.cycleId()).containsExactly("c0-running", "c3");
        assertThat(store.dirOf("c1")).doesNotExist();
        assertThat(store.dirOf("c2")).doesNotExist();
        assertThat(smaller.hasPendingChanges()).isFalse();
    }
}
