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
    static MemoryCounters parse(ProcfsText text) {
        long total = -1, available = -1, free = -1, buffers = -1, cached = -1, swapTotal = -1, swapFree = -1;
        while (text.nextLine()) {
            if (text.skipIfStartsWith("MemTotal:")) {
                total = kib(text);
            } else if (text.skipIfStartsWith("MemAvailable:")) {
                available = kib(text);
            } else if (text.skipIfStartsWith("MemFree:")) {
                free = kib(text);
            } else if (text.skipIfStartsWith("Buffers:")) {
                buffers = kib(text);
            } else if (text.skipIfStartsWith("Cached:")) {
                cached = kib(text);
            } else if (text.skipIfStartsWith("SwapTotal:")) {
                swapTotal = kib(text);
            } else if (text.skipIfStartsWith("SwapFree:")) {
                swapFree = kib(text);
            }
        }
        if (available < 0 && free >= 0 && buffers >= 0 && cached >= 0) {
            available = free + buffers + cached;
        }
        long swapUsed = swapTotal >= 0 && swapFree >= 0 ? swapTotal - swapFree : -1;
        return new MemoryCounters(total, available, swapTotal, swapUsed);
    }

    /** Every size in meminfo is in kB (KiB), whatever the unit says. */
    private static long kib(ProcfsText text) {
        long value = text.nextLong();
        return value < 0 ? -1 : value * 1024;
    }
}
