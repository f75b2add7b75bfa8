package io.stressfw.metrics.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.stressfw.metrics.aggregation.CycleRecord;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MetricSample;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
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
 * Keeps the aggregates on local disk: {@code cycles/<id>/state.json} (replaced atomically: a temp file forced to
 * disk, renamed, the directory forced), {@code cycles/<id>/samples.jsonl} (raw samples, append-only, one wire payload
 * per line, so that a large raw log is never rewritten: {@link SampleLog}) and {@code baselines.json}. Not
 * thread-safe: one persistence thread writes.
 */
public final class FileMetricsStore implements MetricsStore {
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

    @Override
    public Loaded load(int maxCycles) {
        List<CycleRecord.State> cycles = new ArrayList<>();
        Map<String, List<MetricSample>> raw = new LinkedHashMap<>();
        for (Path dir : newest(maxCycles)) {
            try {
                CycleRecord.State cycle = MAPPER.readValue(dir.resolve(STATE).toFile(), CycleRecord.State.class);
                cycles.add(cycle);
                raw.put(cycle.cycleId(), SampleLog.read(dir.resolve(SAMPLES), cycle.rawSampleCap()));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("Skipping unreadable stored cycle %s: %s", dir.getFileName(), e.getMessage());
            }
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

    /**
     * The directories of the newest {@code maxCycles} stored cycles, oldest first, deciding by each state's start and
     * outcome alone (read from its first fields, not the whole state). The others are deleted, the oldest finished
     * first as the aggregator evicts them, so a restart never reloads more than it may keep.
     */
    private List<Path> newest(int maxCycles) {
        List<Header> headers = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(cyclesDir)) {
            for (Path dir : dirs.sorted().toList()) {
                Path state = dir.resolve(STATE);
                if (Files.isRegularFile(state)) {
                    try {
                        headers.add(header(dir, state));
                    } catch (IOException | RuntimeException e) {
                        LOG.warnf("Skipping unreadable stored cycle %s: %s", dir.getFileName(), e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cyclesDir, e);
        }
        headers.sort(Comparator.comparingLong(Header::startedAtMs));
        while (headers.size() > maxCycles) {
            Header drop = headers.stream().filter(h -> !h.running()).findFirst().orElse(headers.get(0));
            headers.remove(drop);
            LOG.infof("Deleting stored cycle %s: more than %d cycles are stored", drop.dir().getFileName(), maxCycles);
            deleteDirectory(drop.dir());
        }
        return headers.stream().map(Header::dir).toList();
    }

    private record Header(Path dir, long startedAtMs, boolean running) {
    }

    private static Header header(Path dir, Path state) throws IOException {
        long started = 0;
        String outcome = null;
        try (JsonParser parser = MAPPER.createParser(state.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("started_at_ms") && value == JsonToken.VALUE_NUMBER_INT) {
                    started = parser.getLongValue();
                } else if (field.equals("outcome") && value == JsonToken.VALUE_STRING) {
                    outcome = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new Header(dir, started, outcome == null || outcome.equalsIgnoreCase("running"));
    }

    @Override
    public void appendSamples(String cycleId, List<MetricSample> samples) throws IOException {
        Path dir = dirOf(cycleId);
        Files.createDirectories(dir);
        SampleLog.append(dir.resolve(SAMPLES), samples);
    }

    @Override
    public void writeState(String cycleId, CycleRecord.State state) throws IOException {
        writeAtomically(dirOf(cycleId).resolve(STATE), state);
    }

    @Override
    public void writeBaselines(List<HostBaseline> baselines) throws IOException {
        writeAtomically(root.resolve(BASELINES), baselines);
    }

    @Override
    public void deleteCycle(String cycleId) throws IOException {
        Path dir = dirOf(cycleId);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void deleteDirectory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("Could not delete the stored cycle %s: %s", dir.getFileName(), e.getMessage());
        }
    }

    private static void writeAtomically(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(MAPPER.writeValueAsBytes(value));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.getParent());
    }

    /** Makes a rename durable; where a directory cannot be opened, it is left to the file system. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every OS lets a directory be opened; the rename still happened.
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
