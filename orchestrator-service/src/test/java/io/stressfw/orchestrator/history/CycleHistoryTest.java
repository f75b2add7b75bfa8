package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.smallrye.config.WithDefault;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.cycle.ServiceStubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history without Quarkus: its index, retention, writer and files. */
class CycleHistoryTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dataDir;

    private final ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private static CycleRunReport running(String id, long startedAtMs) {
        return CycleRunReport.started(id, startedAtMs, true, List.of());
    }

    private static CycleRunReport finished(String id, long startedAtMs) {
        CycleRunReport report = running(id, startedAtMs);
        report.cycleEnded(startedAtMs + 1_000, true, null, null, null);
        return report;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void theListingComesFromTheIndexAndReadsNoReport() {
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        CycleHistory before = new CycleHistory(mapper, store, 1000);
        for (int i = 0; i < 3; i++) {
            before.save(finished("cycle-" + i, T0 + i));
        }
        awaitTrue(() -> store.reports.size() == 3, "three reports written");
        CycleHistory history = new CycleHistory(mapper, store, 1000);
        history.load();
        int readsAtStart = store.reads.get();

        for (int i = 0; i < 10; i++) {
            assertThat(history.list()).extracting(CycleHistoryEntry::cycleId)
                    .containsExactly("cycle-2", "cycle-1", "cycle-0");
        }

        assertThat(readsAtStart).as("each report read once at start").isEqualTo(3);
        assertThat(store.reads.get()).as("reads by the listings").isEqualTo(readsAtStart);
        assertThat(history.get("cycle-1")).hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo("completed"));
    }

    @Test
    void onlyTheNewestCyclesAreKeptAndTheOlderReportsAreDeleted() {
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        CycleHistory history = new CycleHistory(mapper, store, 3);
        for (int i = 0; i < 5; i++) {
            history.save(finished("cycle-" + i, T0 + i * 10_000L));
        }

        assertThat(history.list()).extracting(CycleHistoryEntry::cycleId).containsExactly("cycle-4", "cycle-3", "cycle-2");
        assertThat(history.get("cycle-0")).isEmpty();
        awaitTrue(() -> store.reports.keySet().equals(java.util.Set.of("cycle-2", "cycle-3", "cycle-4")),
                "the two oldest reports deleted from the store");
    }

    @Test
    void theDefaultKeepsTheNewestThousandCycles() throws Exception {
        String configured = OrchestratorSettings.class.getMethod("historyMaxCycles").getAnnotation(WithDefault.class).value();
        CycleHistory history = new CycleHistory(mapper, new InMemoryHistoryStore(), Integer.parseInt(configured));
        for (int i = 0; i <= 1_000; i++) {
            history.save(finished("cycle-" + i, T0 + i * 10_000L));
        }

        List<CycleHistoryEntry> kept = history.list();
        assertThat(kept).hasSize(1_000);
        assertThat(kept.get(0).cycleId()).isEqualTo("cycle-1000");
        assertThat(kept.get(kept.size() - 1).cycleId()).isEqualTo("cycle-1");
    }

    @Test
    void aRunningCycleIsNeverPrunedAndAtTheNextStartShowsAsInterrupted() {
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        CycleHistory history = new CycleHistory(mapper, store, 2);
        history.save(running("cycle-old-running", T0));
        history.save(finished("cycle-1", T0 + 10));
        history.save(finished("cycle-2", T0 + 20));

        assertThat(history.list()).extracting(CycleHistoryEntry::cycleId).containsExactly("cycle-2", "cycle-old-running");
        awaitTrue(() -> store.reports.size() == 2 && store.reports.containsKey("cycle-old-running"), "written");

        CycleHistory restarted = new CycleHistory(mapper, store, 2);
        List<CycleRunReport> interrupted = restarted.load();
        assertThat(interrupted).as("handed to the cycle service, which announces their end")
                .extracting(CycleRunReport::cycleId).containsExactly("cycle-old-running");
        assertThat(restarted.interruptedAtLoad()).isEqualTo(interrupted);
        assertThat(restarted.list()).extracting(CycleHistoryEntry::outcome).containsExactly("completed", "interrupted");
        assertThat(restarted.get("cycle-old-running")).hasValueSatisfying(r ->
                assertThat(r.reason()).isEqualTo("the orchestrator stopped while the cycle ran"));
    }

    @Test
    void aWriteTheDiskRefusesStaysPendingAndIsRetriedUntilItSucceeds() {
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        store.failNextWrites.set(2);
        CycleHistory history = new CycleHistory(mapper, store, 10);
        CycleRunReport report = running("cycle-a", T0);

        history.save(report);
        report.cycleEnded(T0 + 5_000, false, "operator", "enough", null);
        history.save(report);

        assertThat(history.get("cycle-a")).hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo("aborted"));
        awaitTrue(() -> store.reports.containsKey("cycle-a"), "written after two refusals");
        assertThat(history.failedWrites()).isEqualTo(2);
        CycleHistory restarted = new CycleHistory(mapper, store, 10);
        restarted.load();
        assertThat(restarted.get("cycle-a")).hasValueSatisfying(r -> assertThat(r.abortedBy()).isEqualTo("operator"));
    }

    @Test
    void reportsOnDiskAreWholeAndSurviveARestart() throws Exception {
        CycleHistory history = new CycleHistory(mapper, ServiceStubs.orchestratorSettings(dataDir));
        history.save(finished("cycle-a", T0));
        Path file = dataDir.resolve("cycles").resolve("cycle-a.json");
        awaitTrue(() -> Files.exists(file), "the report's file written");
        assertThat(mapper.readTree(file.toFile()).get("outcome").asText()).isEqualTo("completed");
        try (var files = Files.list(dataDir.resolve("cycles"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("cycle-a.json");
        }

        history.close();

        CycleHistory restarted = new CycleHistory(mapper, ServiceStubs.orchestratorSettings(dataDir));
        restarted.load();
        assertThat(restarted.list()).extracting(CycleHistoryEntry::cycleId).containsExactly("cycle-a");
        restarted.close();
    }

    @Test
    void theRetentionMustKeepAtLeastOneCycle() {
        assertThatThrownBy(() -> new CycleHistory(mapper, new InMemoryHistoryStore(), 0))
                .hasMessageContaining("stress.orchestrator.history-max-cycles");
    }
}
