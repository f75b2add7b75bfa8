package io.stressfw.metrics.sampling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One procfs file read again and again through a descriptor kept open, the way procps reads {@code /proc}: every
 * read starts at offset 0, where the kernel generates the content afresh. {@code Files.readString} opens the file,
 * grows a buffer and decodes UTF-8 each time: two to three times the CPU of one {@code pread} (about 20 against 7 µs
 * for {@code /proc/meminfo}). The content is handed out as a {@link ProcfsText} over the reader's own buffer, valid until
 * the next read, so a sample allocates nothing here. Not thread-safe: one sampling thread owns it.
 */
final class ProcfsFile {
    private final Path path;
    private FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);
    private final ProcfsText text = new ProcfsText(buffer.array(), 0);

    ProcfsFile(Path path) {
        this.path = path;
    }

    /** The whole current content; on failure the descriptor is dropped, so the next read opens the file again. */
    ProcfsText read() throws IOException {
        try {
            if (channel == null) {
                channel = FileChannel.open(path, StandardOpenOption.READ);
            }
            buffer.clear();
            long position = 0;
            int n;
            while ((n = channel.read(buffer, position)) > 0) {
                position += n;
                if (!buffer.hasRemaining()) {
                    buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
                }
            }
            text.reset(buffer.array(), buffer.position());
            return text;
        } catch (IOException e) {
            drop();
            throw e;
        }
    }

    private void drop() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing left to release.
            }
            channel = null;
        }
    }
}
