package io.stressfw.agent.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The I/O generator's own directory: {@code <base>/<instance>}, held with a file lock while the agent lives. At
 * start every sibling whose lock nobody holds is the leftover of a crashed run and is deleted, so several agents can
 * share one base directory.
 */
public final class ScratchDirectory implements AutoCloseable {
    private static final String LOCK_FILE = ".owner.lock";
    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final int removedLeftovers;

    public ScratchDirectory(Path base, String instanceId) {
        if (instanceId == null || instanceId.isBlank() || !instanceId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("scratch instance name must be [A-Za-z0-9._-]+, was '" + instanceId + "'");
        }
        try {
            Files.createDirectories(base);
            this.removedLeftovers = removeLeftovers(base);
            this.dir = base.resolve(instanceId);
            Files.createDirectories(dir);
            this.lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            this.lock = lockChannel.tryLock();
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("scratch directory " + dir + " is in use by another agent with the same id");
            }
            deleteDataFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare scratch directory under " + base, e);
        }
    }

    public Path path() {
        return dir;
    }

    /** How many directories of crashed runs were removed at start. */
    public int removedLeftovers() {
        return removedLeftovers;
    }

    /** Data files in the directory now (the lock file excluded). */
    public int fileCount() {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> !p.getFileName().toString().equals(LOCK_FILE)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    public void deleteDataFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> !p.getFileName().toString().equals(LOCK_FILE)).forEach(ScratchDirectory::deleteTree);
        } catch (NoSuchFileException e) {
            // The directory itself is gone (removed under the agent): no data file is left either.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean scratch directory " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The process is going away; the next start treats the directory as a leftover.
        }
        deleteTree(dir);
    }

    private static int removeLeftovers(Path base) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path child : children) {
                if (unowned(child)) {
                    deleteTree(child);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static boolean unowned(Path child) {
        Path lockFile = child.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return false;
            }
            probe.release();
            return true;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path path) {
        if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + path, e);
            }
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (NoSuchFileException e) {
            // A worker removed its own file while we walked: the goal is reached either way.
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
