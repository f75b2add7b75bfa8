package io.stressfw.launcher;

import io.stressfw.kafka.Directories;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The work directory of one {@code ./stress up}, claimed for the run's lifetime. Whatever happened to the run before
 * (a kill -9, a closed terminal, an OOM kill, a clean stop with {@code --keep-data}), claiming it leaves a directory
 * the run can start in:
 * <ul>
 *   <li>a lock next to it ({@code <dir>.lock}, released by the kernel when the launcher dies) refuses a second launcher
 *   on the same directory with a clear message;</li>
 *   <li>processes an earlier run left running are stopped ({@link ProcessRecord});</li>
 *   <li>data that was kept on purpose is used again, and kept again on exit (keeping is sticky: only the user deletes
 *   kept history); the leftovers of a run that did not keep its data are removed, as its clean stop would have;</li>
 *   <li>a directory that is not a run's directory is never deleted: the run refuses it.</li>
 * </ul>
 */
public final class RunDirectory implements AutoCloseable {
    /** Written at every start: whether the run keeps its data, so that the next run knows what it finds. */
    static final String MARKER = "stress-run.properties";
    /** What a run's directory holds; anything else means the directory is someone else's. */
    private static final Set<String> RUN_ENTRIES = Set.of(MARKER, ProcessRecord.FILE, ProcessRecord.FILE + ".tmp",
            "kafka", "logs", "data", "scratch");
    /** How long processes of an earlier run get to stop by themselves before they are killed. */
    static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean keepData;
    private final boolean reusingKeptData;

    private RunDirectory(Path dir, FileChannel lockChannel, FileLock lock, boolean keepData, boolean reusingKeptData) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.keepData = keepData;
        this.reusingKeptData = reusingKeptData;
    }

    /**
     * Claims {@code dir} for a run that keeps its data on exit when {@code keepData} (or when the directory holds
     * kept data); prints what it found and did on {@code out}.
     */
    public static RunDirectory claim(Path dir, boolean keepData, PrintStream out) {
        Path absolute = dir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(absolute.getParent());
            Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IllegalStateException("another ./stress up" + holder(lockFile) + " is using " + absolute
                        + ": stop it first, or give this run another --work-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ProcessRecord.stopLeftovers(absolute, LEFTOVER_GRACE, out);
            boolean reusing = prepare(absolute, keepData, out);
            boolean keep = keepData || reusing;
            Files.createDirectories(absolute);
            Properties marker = new Properties();
            marker.setProperty("keep-data", String.valueOf(keep));
            marker.setProperty("started-at", Instant.now().toString());
            marker.setProperty("launcher-pid", String.valueOf(ProcessHandle.current().pid()));
            try (var writer = Files.newBufferedWriter(absolute.resolve(MARKER))) {
                marker.store(writer, "./stress up: this directory's run; keep-data=true means the next run uses it again");
            }
            return new RunDirectory(absolute, channel, lock, keep, reusing);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot prepare the work directory " + absolute + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Decides what to do with what the directory holds; true when it holds kept data to use again. */
    private static boolean prepare(Path dir, boolean keepData, PrintStream out) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new IllegalArgumentException("--work-dir " + dir + " is a file, not a directory");
            }
            return false;
        }
        List<String> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (entries.isEmpty()) {
            return false;
        }
        List<String> foreign = entries.stream().filter(e -> !RUN_ENTRIES.contains(e)).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException("--work-dir " + dir + " holds files that are not a ./stress run's ("
                    + String.join(", ", foreign.subList(0, Math.min(3, foreign.size())))
                    + "): give an empty or new directory");
        }
        Path marker = dir.resolve(MARKER);
        boolean kept = keepData;
        if (Files.isRegularFile(marker)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                properties.load(in);
            }
            kept = kept || Boolean.parseBoolean(properties.getProperty("keep-data"));
        }
        if (kept) {
            out.println("Using the data kept in " + dir + " (cycle history, metrics, broker); kept again on exit."
                    + " Delete the directory for a fresh start.");
            return true;
        }
        Directories.deleteRecursively(dir);
        out.println("Removed what an earlier run left in " + dir + " (it did not stop cleanly and kept no data).");
        return false;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    public Path path() {
        return dir;
    }

    /** Whether the data stays on exit: asked for, or kept by an earlier run. */
    public boolean keepsData() {
        return keepData;
    }

    /** Whether the run started on data an earlier run kept. */
    public boolean reusesKeptData() {
        return reusingKeptData;
    }

    /** Records the run's processes, for the next run should this one die uncleanly. */
    public void record(java.util.Map<String, ProcessHandle> processes) {
        ProcessRecord.write(dir, processes);
    }

    /** Removes the data unless it is kept, and releases the directory. */
    @Override
    public void close() {
        try {
            if (keepData) {
                Files.deleteIfExists(dir.resolve(ProcessRecord.FILE));
            } else {
                Directories.deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + dir, e);
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel releases it as well.
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
