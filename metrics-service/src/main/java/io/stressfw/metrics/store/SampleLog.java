package io.stressfw.metrics.store;

import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.MetricSample;
import io.stressfw.model.WireCodec;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A cycle's raw samples: one wire payload per line, appended, never rewritten. An append writes whole lines and
 * forces them to disk; if it fails half-way (a full disk), the file is cut back to its length before the append, so a
 * later append starts on a line of its own. A last line without its newline (torn by a crash mid-append) is cut off
 * at load and before the next append: it never swallows the next sample.
 */
final class SampleLog {
    private static final Logger LOG = Logger.getLogger(SampleLog.class);

    private SampleLog() {
    }

    /** Appends every sample as a whole line, forced to disk when this returns. */
    static void append(Path file, List<MetricSample> samples) throws IOException {
        if (samples.isEmpty()) {
            return;
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream(samples.size() * 256);
        for (MetricSample sample : samples) {
            block.writeBytes(WireCodec.encode(sample).getBytes(StandardCharsets.UTF_8));
            block.write('\n');
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long start = wholeLinesEnd(channel);
            if (start < channel.size()) {
                LOG.warnf("Cutting a torn last line (%d bytes) off %s", channel.size() - start, file);
                channel.truncate(start);
            }
            ByteBuffer buffer = ByteBuffer.wrap(block.toByteArray());
            try {
                channel.position(start);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            } catch (IOException e) {
                cutBack(channel, start, file);
                throw e;
            }
        }
    }

    /**
     * Reads up to {@code cap} samples. A last line without its newline is cut off the file; a line that is not a
     * sample (corrupted) is skipped.
     */
    static List<MetricSample> read(Path file, int cap) throws IOException {
        List<MetricSample> samples = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return samples;
        }
        byte[] bytes = Files.readAllBytes(file);
        int whole = lastNewline(bytes) + 1;
        if (whole < bytes.length) {
            LOG.warnf("Cutting a torn last line (%d bytes) off %s", bytes.length - whole, file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(whole);
                channel.force(true);
            }
        }
        int start = 0;
        for (int i = 0; i < whole && samples.size() < cap; i++) {
            if (bytes[i] == '\n') {
                if (i > start) {
                    try {
                        samples.add(WireCodec.decode(new String(bytes, start, i - start, StandardCharsets.UTF_8),
                                MetricSample.class));
                    } catch (MalformedMessageException e) {
                        LOG.debugf("Skipping a corrupted raw sample line in %s: %s", file, e.getMessage());
                    }
                }
                start = i + 1;
            }
        }
        return samples;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Where the file's last whole line ends: its size, or less when its last line lacks the newline. */
    private static long wholeLinesEnd(FileChannel channel) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        long end = channel.size();
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            int read = 0;
            while (chunk.hasRemaining() && read >= 0) {
                read = channel.read(chunk, from + chunk.position());
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    /** A failed append leaves no partial line: the file goes back to its length before the append. */
    private static void cutBack(FileChannel channel, long length, Path file) {
        try {
            channel.truncate(length);
        } catch (IOException e) {
            // The next append (or load) cuts the torn line off instead.
            LOG.warnf("Could not cut back a failed append to %s: %s", file, e.getMessage());
        }
    }
}
