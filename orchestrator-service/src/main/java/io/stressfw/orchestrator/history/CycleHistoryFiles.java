package io.stressfw.orchestrator.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The history on disk: {@code <dir>/<cycle id>.json}. A write goes to a temp file that is forced to disk, then
 * renamed over the report (atomically where the file system can), and the directory is forced too: after a crash
 * or a power cut the report is the old one or the new one, never half of either.
 */
public final class CycleHistoryFiles implements CycleHistoryStore {
    private static final String SUFFIX = ".json";
    private final Path dir;

    public CycleHistoryFiles(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public List<String> ids() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length())).toList();
        }
    }

    @Override
    public byte[] read(String cycleId) throws IOException {
        return Files.readAllBytes(file(cycleId));
    }

    @Override
    public void write(String cycleId, byte[] json) throws IOException {
        Files.createDirectories(dir);
        Path target = file(cycleId);
        Path temp = dir.resolve(cycleId + SUFFIX + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
    }

    @Override
    public void delete(String cycleId) throws IOException {
        Files.deleteIfExists(file(cycleId));
    }

    private Path file(String cycleId) {
        return dir.resolve(cycleId + SUFFIX);
    }

    /** Makes the rename durable; some platforms cannot open a directory, and there it is left to the file system. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every OS lets a directory be opened; the rename still happened.
        }
    }
}
