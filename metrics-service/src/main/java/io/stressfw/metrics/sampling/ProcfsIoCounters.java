package io.stressfw.metrics.sampling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
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
    private static final long SECTOR_BYTES = 512;
    private final ProcfsFile diskstats;
    private final ProcfsFile netDev;
    private final byte[][] disks;

    public ProcfsIoCounters(Path procRoot, Path sysBlock) {
        this.diskstats = new ProcfsFile(procRoot.resolve("diskstats"));
        this.netDev = new ProcfsFile(procRoot.resolve("net/dev"));
        this.disks = listDisks(sysBlock);
    }

    public static boolean available(Path procRoot) {
        return Files.isReadable(procRoot.resolve("diskstats")) && Files.isReadable(procRoot.resolve("net/dev"));
    }

    private static byte[][] listDisks(Path sysBlock) {
        try (Stream<Path> entries = Files.list(sysBlock)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !VIRTUAL_DISK.matcher(name).matches())
                    .map(ProcfsIoCounters::ascii)
                    .toArray(byte[][]::new);
        } catch (IOException e) {
            return new byte[0][];
        }
    }

    static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.ISO_8859_1);
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
        ProcfsText text;
        try {
            text = diskstats.read();
        } catch (IOException e) {
            return new long[]{-1, -1, -1, -1};
        }
        return parseDiskstats(text, disks);
    }

    long[] readNetwork() {
        ProcfsText text;
        try {
            text = netDev.read();
        } catch (IOException e) {
            return new long[]{-1, -1};
        }
        return parseNetDev(text);
    }

    /** Sums reads, writes, read bytes and write bytes of the named disks; -1 each when none was found. */
    static long[] parseDiskstats(ProcfsText text, byte[][] disks) {
        long reads = 0, writes = 0, readSectors = 0, writeSectors = 0;
        boolean found = false;
        while (text.nextLine()) {
            text.skipFields(2);
            if (!text.fieldIsOneOf(disks)) {
                continue;
            }
            long r = text.nextLong();
            text.skipFields(1);
            long rs = text.nextLong();
            text.skipFields(1);
            long w = text.nextLong();
            text.skipFields(1);
            long ws = text.nextLong();
            // A line in an unknown layout is skipped; the other disks still count.
            if (r >= 0 && rs >= 0 && w >= 0 && ws >= 0) {
                reads += r;
                readSectors += rs;
                writes += w;
                writeSectors += ws;
                found = true;
            }
        }
        return found ? new long[]{reads, writes, readSectors * SECTOR_BYTES, writeSectors * SECTOR_BYTES}
                : new long[]{-1, -1, -1, -1};
    }

    /** Sums received and transmitted bytes of every interface but loopback; -1 each when none was found. */
    static long[] parseNetDev(ProcfsText text) {
        long rx = 0, tx = 0;
        boolean found = false;
        while (text.nextLine()) {
            String name = text.upTo(':');
            if (name == null || name.equals("lo") || name.contains("|")) {
                continue;
            }
            long received = text.nextLong();
            text.skipFields(7);
            long transmitted = text.nextLong();
            // Skipped like an unknown disk line.
            if (received >= 0 && transmitted >= 0) {
                rx += received;
                tx += transmitted;
                found = true;
            }
        }
        return found ? new long[]{rx, tx} : new long[]{-1, -1};
    }
}
