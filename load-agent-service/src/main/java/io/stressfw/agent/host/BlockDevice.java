package io.stressfw.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The block device a directory lives on, and its counters in {@code /proc/diskstats}: what reached the disk, whoever
 * sent it. Found from the directory's device number; for file systems that report an anonymous one (btrfs
 * subvolumes) from the mount's source device. tmpfs, overlay without a device and network file systems have none.
 */
public final class BlockDevice {
    private static final Path DISKSTATS = Path.of("/proc/diskstats");
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private final String name;
    private final int major;
    private final int minor;
    private final Path diskstats;

    BlockDevice(String name, int major, int minor, Path diskstats) {
        this.name = name;
        this.major = major;
        this.minor = minor;
        this.diskstats = diskstats;
    }

    /** The device under {@code dir}, or a reason why there is none. */
    public static Found under(Path dir) {
        long dev;
        try {
            dev = ((Number) Files.getAttribute(dir, "unix:dev")).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Found.none("the device of " + dir + " cannot be read here (" + e.getMessage() + ")");
        }
        if (major(dev) == 0) {
            Optional<Long> source = mountSourceDevice(dir);
            if (source.isEmpty()) {
                return Found.none(dir + " is on a file system without a block device (tmpfs, overlay or network)");
            }
            dev = source.get();
        }
        return find(major(dev), minor(dev), DISKSTATS);
    }

    /** The device {@code major:minor} as {@code diskstats} lists it. */
    static Found find(int major, int minor, Path diskstats) {
        for (String line : lines(diskstats)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 14 && f[0].equals(Integer.toString(major)) && f[1].equals(Integer.toString(minor))) {
                return new Found(new BlockDevice(f[2], major, minor, diskstats), null);
            }
        }
        return Found.none("device " + major + ":" + minor + " is not in " + diskstats);
    }

    public String name() {
        return name;
    }

    /** The device's counters now; null when the line is gone (a removed device). */
    public DiskCounters read() {
        for (String line : lines(diskstats)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 14 && f[0].equals(Integer.toString(major)) && f[1].equals(Integer.toString(minor))) {
                return new DiskCounters(Long.parseLong(f[3]), Long.parseLong(f[5]) * 512, Long.parseLong(f[7]),
                        Long.parseLong(f[9]) * 512, Long.parseLong(f[12]));
            }
        }
        return null;
    }

    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }

    /** The device number of the source of the mount holding {@code dir}, when that source is a device node. */
    private static Optional<Long> mountSourceDevice(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        String bestPoint = null;
        String bestSource = null;
        for (String line : lines(MOUNTINFO)) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            String point = f[4];
            if (real.startsWith(point) && (bestPoint == null || point.length() >= bestPoint.length())) {
                bestPoint = point;
                bestSource = f[dash + 2];
            }
        }
        if (bestSource == null || !bestSource.startsWith("/dev/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(((Number) Files.getAttribute(Path.of(bestSource), "unix:rdev")).longValue());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A device, or why there is none. */
    public record Found(BlockDevice device, String reason) {
        static Found none(String reason) {
            return new Found(null, reason);
        }

        public boolean present() {
            return device != null;
        }
    }

    /** Cumulative counters: completed reads and writes, bytes read and written, milliseconds with I/O in flight. */
    public record DiskCounters(long reads, long readBytes, long writes, long writeBytes, long busyMs) {
    }
}
