package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.model.Checks;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cycle reports: one JSON document per cycle in a {@link CycleHistoryStore} (files under
 * {@code <STRESS_DATA_DIR>/cycles/} by default), and an index in memory of what {@code GET /cycles} lists, read
 * once at start. {@link #save} only serializes the report and hands it to a {@link HistoryWriter}: the caller (the
 * cycle engine, under its lock, right before or after an emergency stop) never waits for the disk. At most
 * {@code history-max-cycles} reports are kept: past that the oldest finished ones are deleted. A report still
 * {@code running} at start-up belonged to a process that died: it is marked {@code interrupted}; one still
 * {@code recovering} (its steady-state probes not judged yet) is marked {@code not_recovered}, "not judged".
 */
@ApplicationScoped
public class CycleHistory {
    private static final Logger LOG = Logger.getLogger(CycleHistory.class);
    private static final Comparator<CycleHistoryEntry> NEWEST_FIRST =
            Comparator.comparingLong(CycleHistoryEntry::startedAtMs).reversed().thenComparing(CycleHistoryEntry::cycleId);

    private final ObjectMapper mapper;
    private final CycleHistoryStore store;
    private final int maxCycles;
    private final HistoryWriter writer;
    private final Map<String, CycleHistoryEntry> index = new HashMap<>();
    /** The reports {@link #load} marked interrupted, for the cycle service to announce their end. */
    private volatile List<CycleRunReport> interruptedAtLoad = List.of();

    @Inject
    public CycleHistory(ObjectMapper mapper, OrchestratorSettings settings) {
        this(mapper, new CycleHistoryFiles(dataDir(settings).resolve("cycles")), settings.historyMaxCycles());
    }

    public CycleHistory(ObjectMapper mapper, CycleHistoryStore store, int maxCycles) {
        this.mapper = Checks.notNull(mapper, "mapper");
        this.store = Checks.notNull(store, "store");
        this.maxCycles = (int) Checks.positive(maxCycles, "stress.orchestrator.history-max-cycles");
        this.writer = new HistoryWriter(store);
    }

    private static Path dataDir(OrchestratorSettings settings) {
        return settings.dataDir().filter(s -> !s.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "stressfw", "orchestrator"));
    }

    /** Before the default observers: the cycle service's start announces what this load found interrupted. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        if (store instanceof CycleHistoryFiles files) {
            try {
                Files.createDirectories(files.directory());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the cycle history directory " + files.directory(), e);
            }
        }
        load();
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    /** Writes what is still queued and ends the writer's thread: nothing touches the store after this returns. */
    public void close() {
        writer.close();
    }

    /**
     * Reads every stored report once into the index, marks those still running as interrupted and applies the
     * retention. Called at start, before any cycle runs. Returns the reports it marked interrupted (also kept for
     * {@link #interruptedAtLoad}).
     */
    public List<CycleRunReport> load() {
        List<String> ids;
        try {
            ids = store.ids();
        } catch (IOException e) {
            LOG.errorf("Cannot list the cycle history: %s", e.getMessage());
            return List.of();
        }
        List<CycleRunReport> interrupted = new ArrayList<>();
        for (String id : ids) {
            readStored(id).ifPresent(report -> {
                if (CycleRunReport.RUNNING.equals(report.outcome())) {
                    report.interrupted(CycleRunReport.INTERRUPTED_REASON);
                    LOG.warnf("Cycle %s was running when the orchestrator stopped; marked interrupted", report.cycleId());
                    save(report);
                    interrupted.add(report);
                } else if (CycleRunReport.RECOVERING.equals(report.outcome())) {
                    // Its load had ended; only the recovery check was left, and nobody can judge it now.
                    report.recoveryJudged(report.endedAtMs() == null ? 0 : report.endedAtMs(), List.of(
                            "not judged: the orchestrator stopped before the steady-state probes were checked"));
                    LOG.warnf("Cycle %s stopped before its recovery was judged; marked not_recovered", report.cycleId());
                    save(report);
                } else {
                    synchronized (index) {
                        index.put(report.cycleId(), CycleHistoryEntry.of(report));
                    }
                }
            });
        }
        synchronized (index) {
            prune();
        }
        interruptedAtLoad = List.copyOf(interrupted);
        return interruptedAtLoad;
    }

    /** The reports the last {@link #load} marked interrupted. */
    public List<CycleRunReport> interruptedAtLoad() {
        return interruptedAtLoad;
    }

    /**
     * Keeps the report as it is now: the index and {@link #get} show it at once, the store gets it soon after on the
     * writer's thread. Only serialization happens on the caller's thread.
     */
    public void save(CycleRunReport report) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            LOG.errorf("Cannot encode the report of cycle %s: %s", report.cycleId(), e.getMessage());
            return;
        }
        synchronized (index) {
            index.put(report.cycleId(), CycleHistoryEntry.of(report));
            writer.write(report.cycleId(), json);
            prune();
        }
    }

    public Optional<CycleRunReport> get(String cycleId) {
        if (cycleId == null || !cycleId.matches("[A-Za-z0-9._-]{1,100}")) {
            return Optional.empty();
        }
        synchronized (index) {
            if (!index.containsKey(cycleId)) {
                return Optional.empty();
            }
        }
        Optional<byte[]> pending = writer.pending(cycleId);
        return pending.isPresent() ? parse(cycleId, pending.get()) : readStored(cycleId);
    }

    /** Every kept report's summary, newest first, from the index. */
    public List<CycleHistoryEntry> list() {
        List<CycleHistoryEntry> entries;
        synchronized (index) {
            entries = new ArrayList<>(index.values());
        }
        entries.sort(NEWEST_FIRST);
        return entries;
    }

    /** How many writes the store refused so far (each one retried until it succeeded). */
    public long failedWrites() {
        return writer.failures();
    }

    /** Past the limit, the oldest finished cycles leave the index and their reports are deleted. Under the lock. */
    private void prune() {
        if (index.size() <= maxCycles) {
            return;
        }
        List<CycleHistoryEntry> finished = index.values().stream().filter(e -> !e.running())
                .sorted(NEWEST_FIRST.reversed()).toList();
        for (int i = 0; i < finished.size() && index.size() > maxCycles; i++) {
            String id = finished.get(i).cycleId();
            index.remove(id);
            writer.delete(id);
        }
    }

    private Optional<CycleRunReport> readStored(String cycleId) {
        try {
            return parse(cycleId, store.read(cycleId));
        } catch (IOException e) {
            LOG.warnf("Cannot read the report of cycle %s: %s", cycleId, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<CycleRunReport> parse(String cycleId, byte[] json) {
        try {
            return Optional.of(mapper.readValue(json, CycleRunReport.class));
        } catch (IOException e) {
            LOG.warnf("Skipping unreadable report of cycle %s: %s", cycleId, e.getMessage());
            return Optional.empty();
        }
    }
}
