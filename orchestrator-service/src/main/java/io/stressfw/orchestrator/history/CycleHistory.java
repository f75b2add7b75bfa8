package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cycle reports as one JSON file each under {@code <STRESS_DATA_DIR>/cycles/}, written atomically (temp + move) so
 * that a crash never leaves half a file. A report still {@code running} at start-up belonged to a process that
 * died: it is marked {@code interrupted}.
 */
@ApplicationScoped
public class CycleHistory {
    private static final Logger LOG = Logger.getLogger(CycleHistory.class);

    private final ObjectMapper mapper;
    private final Path dir;

    @Inject
    public CycleHistory(ObjectMapper mapper, OrchestratorSettings settings) {
        this.mapper = mapper;
        Path base = settings.dataDir().filter(s -> !s.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "stressfw", "orchestrator"));
        this.dir = base.resolve("cycles");
    }

    void onStart(@Observes StartupEvent event) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cycle history directory " + dir, e);
        }
        for (CycleRunReport report : list()) {
            if (CycleRunReport.RUNNING.equals(report.outcome())) {
                report.interrupted("the orchestrator stopped while the cycle ran");
                save(report);
                LOG.warnf("Cycle %s was running when the orchestrator stopped; marked interrupted", report.cycleId());
            } else if (CycleRunReport.RECOVERING.equals(report.outcome())) {
                // Its load had ended; only the recovery check was left, and nobody can judge it now.
                report.recoveryJudged(report.endedAtMs() == null ? 0 : report.endedAtMs(),
                        java.util.List.of("not judged: the orchestrator stopped before the steady-state probes were checked"));
                save(report);
                LOG.warnf("Cycle %s stopped before its recovery was judged; marked not_recovered", report.cycleId());
            }
        }
    }

    public Path directory() {
        return dir;
    }

    public synchronized void save(CycleRunReport report) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(report.cycleId() + ".json");
            Path temp = dir.resolve(report.cycleId() + ".json.tmp");
            mapper.writeValue(temp.toFile(), report);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.errorf("Cannot save the report of cycle %s in %s: %s", report.cycleId(), dir, e.getMessage());
        }
    }

    public Optional<CycleRunReport> get(String cycleId) {
        if (cycleId == null || !cycleId.matches("[A-Za-z0-9._-]{1,100}")) {
            return Optional.empty();
        }
        Path file = dir.resolve(cycleId + ".json");
        return Files.isRegularFile(file) ? read(file) : Optional.empty();
    }

    /** Every stored report, newest first. */
    public List<CycleRunReport> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<CycleRunReport> reports = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(f -> read(f).ifPresent(reports::add));
        } catch (IOException e) {
            LOG.errorf("Cannot list the cycle history in %s: %s", dir, e.getMessage());
        }
        reports.sort(Comparator.comparingLong(CycleRunReport::startedAtMs).reversed());
        return reports;
    }

    private Optional<CycleRunReport> read(Path file) {
        try {
            return Optional.of(mapper.readValue(file.toFile(), CycleRunReport.class));
        } catch (IOException e) {
            LOG.warnf("Skipping unreadable cycle report %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }
}
