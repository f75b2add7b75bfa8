package io.stressfw.metrics.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Disk and network counters straight from {@code /proc/diskstats} and {@code /proc/net/dev} on Linux. OSHI's
 * {@code HWDiskStore.updateAttributes} and {@code NetworkIF.updateAttributes} cost 3-4 ms per sample on Linux (they
 * walk udev and several sysfs files per device); two small procfs reads cost a few tens of microseconds.
 * Disks are the whole block devices of {@code /sys/block} (listed once) minus loop, ram, zram and device-mapper
 * devices, whose I/O is counted again on the devices beneath them; interfaces are all but loopback. Not
 * thread-safe: one sampling thread owns it.
 */
public final class ProcfsIoCounters implements IoCounterSource {
    private static final Pattern VIRTUAL_DISK = Pattern.compile("^(loop|ram|zram|dm-|md|sr|fd|nbd).*");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final long SECTOR_BYTES = 512;
    private final ProcfsFile diskstats;
    private final ProcfsFile netDev;
    private final Set<String> disks;

    public ProcfsIoCounters(Path procRoot, Path sysBlock) {
        this.diskstats = new ProcfsFile(procRoot.resolve("diskstats"));
        this.netDev = new ProcfsFile(procRoot.resolve("net/dev"));
        this.disks = listDisks(sysBlock);
    }

    public static boolean available(Path procRoot) {
        return Files.isReadable(procRoot.resolve("diskstats")) && Files.isReadable(procRoot.resolve("net/dev"));
    }

    private static Set<String> listDisks(Path sysBlock) {
        try (Stream<Path> entries = Files.list(sysBlock)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !VIRTUAL_DISK.matcher(name).matches())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    @Override
    public String name() {
        return "procfs";
    }

    @Override
    public IoCounters read() {
        long[] disk = readDisks();
        long[] net = readNetwork();
        return new IoCounters(disk[0], disk[1], disk[2], disk[3], net[0], net[1]);
    }

    long[] readDisks() {
        String text;
        try {
            text = diskstats.read();
        } catch (IOException e) {
            return new long[]{-1, -1, -1, -1};
        }
        return parseDiskstats(text, disks);
    }

    long[] readNetwork() {
        String text;
        try {
            text = netDev.read();
        } catch (IOException e) {
            return new long[]{-1, -1};
        }
        return parseNetDev(text);
    }

    /** Sums reads, writes, read bytes and write bytes of the named disks; -1 each when none was found. */
    static long[] parseDiskstats(String text, Set<String> disks) {
        long reads = 0, writes = 0, readSectors = 0, writeSectors = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            String[] f = WHITESPACE.split(line.trim());
            if (f.length < 10 || !disks.contains(f[2])) {
                continue;
            }
            try {
                reads += Long.parseLong(f[3]);
                readSectors += Long.parseLong(f[5]);
                writes += Long.parseLong(f[7]);
                writeSectors += Long.parseLong(f[9]);
                found = true;
            } catch (NumberFormatException e) {
                // A line in an unknown layout is skipped; the other disks still count.
            }
        }
        return found ? new long[]{reads, writes, readSectors * SECTOR_BYTES, writeSectors * SECTOR_BYTES}
                : new long[]{-1, -1, -1, -1};
    }

    /** Sums received and transmitted bytes of every interface but loopback; -1 each when none was found. */
    static long[] parseNetDev(String text) {
        long rx = 0, tx = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (name.equals("lo") || name.contains("|")) {
                continue;
            }
            String[] f = WHITESPACE.split(line.substring(colon + 1).trim());
            if (f.length < 9) {
                continue;
            }
            try {
                rx += Long.parseLong(f[0]);
                tx += Long.parseLong(f[8]);
                found = true;
            } catch (NumberFormatException e) {
                // Skipped like an unknown disk line.
            }
        }
        return found ? new long[]{rx, tx} : new long[]{-1, -1};
    }
}
