package io.stressfw.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes a run started (name, pid, start time), kept in the run's work directory, so that the next run can
 * stop whatever a run that died uncleanly left behind. A pid is only trusted together with its start time: the
 * kernel reuses pids, and a process that merely got an old pid is never touched.
 */
final class ProcessRecord {
    static final String FILE = "processes";

    private ProcessRecord() {
    }

    /** One recorded process. */
    record Entry(String name, long pid, long startMillis) {
        String line() {
            return name + " " + pid + " " + startMillis;
        }

        /** The live process this entry names, if it still runs and is the same process (same start time). */
        Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startMillis);
        }
    }

    /** Replaces the record with these processes (those that run). */
    static void write(Path dir, Map<String, ProcessHandle> processes) {
        List<String> lines = new ArrayList<>();
        processes.forEach((name, handle) -> handle.info().startInstant().ifPresent(start ->
                lines.add(new Entry(name, handle.pid(), start.toEpochMilli()).line())));
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the run's processes in " + dir, e);
        }
    }

    static List<Entry> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 3) {
                    try {
                        entries.add(new Entry(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2])));
                    } catch (NumberFormatException ignored) {
                        // A torn line of a run killed while writing: nothing to stop there.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return entries;
    }

    /**
     * Stops the recorded processes that still run: SIGTERM (each shuts down in order, agents drop their load first),
     * then SIGKILL for those still there after {@code grace}. Returns how many there were.
     */
    static int stopLeftovers(Path dir, Duration grace, PrintStream out) {
        List<Map.Entry<Entry, ProcessHandle>> live = new ArrayList<>();
        for (Entry entry : read(dir)) {
            entry.live().ifPresent(handle -> live.add(Map.entry(entry, handle)));
        }
        if (live.isEmpty()) {
            return 0;
        }
        out.println("Stopping what an earlier run left running: " + String.join(", ",
                live.stream().map(e -> e.getKey().name() + " (pid " + e.getKey().pid() + ")").toList()));
        live.forEach(e -> e.getValue().destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (Map.Entry<Entry, ProcessHandle> e : live) {
            ProcessHandle handle = e.getValue();
            while (handle.isAlive() && System.nanoTime() - deadline < 0) {
                pause();
            }
            if (handle.isAlive()) {
                out.println("!! " + e.getKey().name() + " (pid " + e.getKey().pid() + ") did not stop within "
                        + grace.toSeconds() + " s; killed");
                handle.destroyForcibly();
                long killDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (handle.isAlive() && System.nanoTime() - killDeadline < 0) {
                    pause();
                }
            }
        }
        return live.size();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an earlier run's processes", e);
        }
    }
}
