package io.stressfw.metrics.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stressfw.metrics.aggregation.CycleRecord;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.MetricSample;
import io.stressfw.model.WireCodec;
import org.jboss.logging.Logger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Keeps the aggregates on local disk: {@code cycles/<id>/state.json} (rewritten atomically when the cycle changed),
 * {@code cycles/<id>/samples.jsonl} (raw samples, append-only, one wire payload per line, so that a large raw log is
 * never rewritten) and {@code baselines.json}. A torn last line after a crash is skipped on load. Not thread-safe:
 * one persistence thread writes.
 */
public final class FileMetricsStore {
    private static final Logger LOG = Logger.getLogger(FileMetricsStore.class);
    private static final String STATE = "state.json";
    private static final String SAMPLES = "samples.jsonl";
    private static final String BASELINES = "baselines.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path root;
    private final Path cyclesDir;

    public FileMetricsStore(Path root) {
        if (root == null) {
            throw new IllegalArgumentException("data directory is required");
        }
        this.root = root;
        this.cyclesDir = root.resolve("cycles");
        try {
            Files.createDirectories(cyclesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the metrics data directory " + cyclesDir, e);
        }
    }

    public Path root() {
        return root;
    }

    public record Loaded(List<CycleRecord.State> cycles, Map<String, List<MetricSample>> rawSamples,
                         List<HostBaseline> baselines) {
    }

    public Loaded load() {
        List<CycleRecord.State> cycles = new ArrayList<>();
        Map<String, List<MetricSample>> raw = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(cyclesDir)) {
            for (Path dir : dirs.sorted().toList()) {
                Path state = dir.resolve(STATE);
                if (!Files.isRegularFile(state)) {
                    continue;
                }
                try {
                    CycleRecord.State cycle = MAPPER.readValue(state.toFile(), CycleRecord.State.class);
                    cycles.add(cycle);
                    raw.put(cycle.cycleId(), readSamples(dir.resolve(SAMPLES), cycle.rawSampleCap()));
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("Skipping unreadable stored cycle %s: %s", dir.getFileName(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cyclesDir, e);
        }
        List<HostBaseline> baselines = List.of();
        Path baselineFile = root.resolve(BASELINES);
        if (Files.isRegularFile(baselineFile)) {
            try {
                baselines = MAPPER.readValue(baselineFile.toFile(), new TypeReference<List<HostBaseline>>() { });
            } catch (IOException e) {
                LOG.warnf("Skipping unreadable stored baselines: %s", e.getMessage());
            }
        }
        return new Loaded(cycles, raw, baselines);
    }

    private static List<MetricSample> readSamples(Path file, int cap) throws IOException {
        List<MetricSample> samples = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return samples;
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (samples.size() >= cap) {
                    break;
                }
                try {
                    samples.add(WireCodec.decode(line, MetricSample.class));
                } catch (MalformedMessageException e) {
                    LOG.debugf("Skipping a torn raw sample line in %s: %s", file, e.getMessage());
                }
            }
        }
        return samples;
    }

    public void write(MetricsAggregator.Changes changes) {
        for (Map.Entry<String, List<MetricSample>> e : changes.newRawSamples().entrySet()) {
            appendSamples(e.getKey(), e.getValue());
        }
        changes.cycles().forEach(this::writeState);
        changes.baselines().ifPresent(list -> writeAtomically(root.resolve(BASELINES), list));
        changes.evictedCycles().forEach(this::delete);
    }

    private void appendSamples(String cycleId, List<MetricSample> samples) {
        Path dir = dirOf(cycleId);
        try {
            Files.createDirectories(dir);
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(SAMPLES), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (MetricSample sample : samples) {
                    out.write(WireCodec.encode(sample));
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append raw samples of cycle " + cycleId, e);
        }
    }

    private void writeState(String cycleId, CycleRecord.State state) {
        writeAtomically(dirOf(cycleId).resolve(STATE), state);
    }

    private static void writeAtomically(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void delete(String cycleId) {
        Path dir = dirOf(cycleId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("Could not delete the stored cycle %s: %s", cycleId, e.getMessage());
        }
    }

    /** A file-system-safe, collision-free directory name for any cycle id. */
    Path dirOf(String cycleId) {
        String safe = cycleId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (!safe.equals(cycleId) || safe.length() > 80 || safe.startsWith(".")) {
            safe = safe.substring(0, Math.min(safe.length(), 60)) + "-" + Integer.toHexString(cycleId.hashCode());
        }
        return cyclesDir.resolve(safe);
    }
}
