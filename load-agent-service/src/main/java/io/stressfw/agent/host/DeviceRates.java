package io.stressfw.agent.host;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Per-second rates of a block device's counters over a sliding window of about a second: operations, bytes and the
 * share of the time the device was busy. Thread-safe; every caller may ask (samples, status), a reading is taken at
 * most every 50 ms.
 */
public final class DeviceRates {
    private static final long MIN_STEP_NANOS = 50_000_000L;
    private final String device;
    private final Supplier<BlockDevice.DiskCounters> counters;
    private final long windowNanos;
    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private Reading last;

    private record Point(long nanos, BlockDevice.DiskCounters counters) {
    }

    /** What the device did per second over the window; busy is 0-100 %. */
    public record Reading(String device, double readOps, double writeOps, double readBytes, double writeBytes,
                          double busyPercent) {
        public double ops() {
            return readOps + writeOps;
        }
    }

    public DeviceRates(BlockDevice device, long windowMillis) {
        this(device.name(), device::read, windowMillis);
    }

    DeviceRates(String device, Supplier<BlockDevice.DiskCounters> counters, long windowMillis) {
        if (windowMillis < 100) {
            throw new IllegalArgumentException("device rate window must be >= 100 ms, was " + windowMillis);
        }
        this.device = device;
        this.counters = counters;
        this.windowNanos = windowMillis * 1_000_000L;
    }

    public String device() {
        return device;
    }

    /** The rates up to now; null until two readings are 50 ms apart, or when the device is gone. */
    public synchronized Reading update(long nowNanos) {
        Point newest = points.peekLast();
        if (newest == null || nowNanos - newest.nanos >= MIN_STEP_NANOS) {
            BlockDevice.DiskCounters now = counters.get();
            if (now == null) {
                points.clear();
                last = null;
                return null;
            }
            points.addLast(new Point(nowNanos, now));
        }
        while (points.size() > 2 && points.peekLast().nanos - points.peekFirst().nanos > windowNanos) {
            points.removeFirst();
        }
        Point first = points.peekFirst();
        Point end = points.peekLast();
        long dt = end.nanos - first.nanos;
        if (dt >= MIN_STEP_NANOS) {
            double seconds = dt / 1e9;
            BlockDevice.DiskCounters a = first.counters;
            BlockDevice.DiskCounters b = end.counters;
            last = new Reading(device, rate(b.reads() - a.reads(), seconds), rate(b.writes() - a.writes(), seconds),
                    rate(b.readBytes() - a.readBytes(), seconds), rate(b.writeBytes() - a.writeBytes(), seconds),
                    Math.min(100, rate(b.busyMs() - a.busyMs(), seconds) / 10));
        }
        return last;
    }

    private static double rate(long delta, double seconds) {
        return Math.max(0, delta) / seconds;
    }
}
