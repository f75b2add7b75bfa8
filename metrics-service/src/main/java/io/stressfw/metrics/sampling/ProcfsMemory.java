package io.stressfw.metrics.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory and swap from one read of {@code /proc/meminfo} on Linux. Through OSHI the same figures cost two or three
 * parses of that file per sample (available memory and the swap pair are cached separately). Not thread-safe: one
 * sampling thread owns it.
 */
public final class ProcfsMemory implements MemorySource {
    private static final MemoryCounters UNAVAILABLE = new MemoryCounters(-1, -1, -1, -1);
    private final ProcfsFile meminfo;

    public ProcfsMemory(Path procRoot) {
        this.meminfo = new ProcfsFile(procRoot.resolve("meminfo"));
    }

    public static boolean available(Path procRoot) {
        return Files.isReadable(procRoot.resolve("meminfo"));
    }

    @Override
    public MemoryCounters read() {
        try {
            return parse(meminfo.read());
        } catch (IOException e) {
            return UNAVAILABLE;
        }
    }

    /** Kernels before 3.14 lack MemAvailable: free + buffers + page cache is then the closest figure. */
    static MemoryCounters parse(String text) {
        long total = -1, available = -1, free = -1, buffers = -1, cached = -1, swapTotal = -1, swapFree = -1;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            switch (key) {
                case "MemTotal" -> total = kib(line, colon);
                case "MemAvailable" -> available = kib(line, colon);
                case "MemFree" -> free = kib(line, colon);
                case "Buffers" -> buffers = kib(line, colon);
                case "Cached" -> cached = kib(line, colon);
                case "SwapTotal" -> swapTotal = kib(line, colon);
                case "SwapFree" -> swapFree = kib(line, colon);
                default -> {
                }
            }
        }
        if (available < 0 && free >= 0 && buffers >= 0 && cached >= 0) {
            available = free + buffers + cached;
        }
        long swapUsed = swapTotal >= 0 && swapFree >= 0 ? swapTotal - swapFree : -1;
        return new MemoryCounters(total, available, swapTotal, swapUsed);
    }

    private static long kib(String line, int colon) {
        String value = line.substring(colon + 1).trim();
        int space = value.indexOf(' ');
        try {
            long number = Long.parseLong(space < 0 ? value : value.substring(0, space));
            return space < 0 ? number : number * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
