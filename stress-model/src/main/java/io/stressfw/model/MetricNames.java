package io.stressfw.model;

import java.util.List;
import java.util.regex.Pattern;

/** Names of the metrics in {@link MetricSample#metrics()}; percentages are 0-100, rates are per second. */
public final class MetricNames {
    public static final String CPU_USAGE = "cpu_usage";
    /**
     * Host samples: the share of the host's CPU time the hypervisor gave to other guests ({@code steal} of
     * {@code /proc/stat}; 0 on bare metal). {@link #CPU_USAGE} counts it as busy, since this host could not run then:
     * this tells how much of a phase's figure was the neighbours'.
     */
    public static final String CPU_STEAL = "cpu_steal";
    /** Per-core usage: {@code cpu_core_0}, {@code cpu_core_1}, ... */
    public static final String CPU_CORE_PREFIX = "cpu_core_";
    public static final String LOAD_AVERAGE_1M = "load_average_1m";
    public static final String MEMORY_USAGE = "memory_usage";
    public static final String SWAP_USAGE = "swap_usage";
    /** Used share of the filesystem that holds the data/scratch directories. */
    public static final String DISK_USAGE = "disk_usage";
    public static final String DISK_READ_OPS = "disk_read_ops";
    public static final String DISK_WRITE_OPS = "disk_write_ops";
    public static final String DISK_READ_BYTES = "disk_read_bytes";
    public static final String DISK_WRITE_BYTES = "disk_write_bytes";
    public static final String NETWORK_RX_BYTES = "network_rx_bytes";
    public static final String NETWORK_TX_BYTES = "network_tx_bytes";
    public static final String PROCESS_COUNT = "process_count";
    /**
     * Agent samples: the block device under the agent's scratch directory, from {@code /proc/diskstats} (every
     * process's I/O on that device, per second; busy = share of the time the device had I/O in flight, 0-100).
     */
    public static final String IO_DEVICE_READ_OPS = "io_device_read_ops";
    public static final String IO_DEVICE_WRITE_OPS = "io_device_write_ops";
    public static final String IO_DEVICE_READ_BYTES = "io_device_read_bytes";
    public static final String IO_DEVICE_WRITE_BYTES = "io_device_write_bytes";
    public static final String IO_DEVICE_BUSY = "io_device_busy";
    /** Degrees Celsius; null where the host does not expose a sensor. */
    public static final String TEMPERATURE = "temperature";
    /** An agent's own resident memory (agent samples only). */
    public static final String PROCESS_RSS_MB = "process_rss_mb";

    /**
     * Every metric a host or agent sample may carry (besides the per-core {@code cpu_core_<n>}): the names a
     * threshold may use. An agent sample's {@code cpu_usage} is the agent process's own share of the host.
     */
    public static final List<String> KNOWN = List.of(CPU_USAGE, CPU_STEAL, LOAD_AVERAGE_1M, MEMORY_USAGE, SWAP_USAGE, DISK_USAGE,
            DISK_READ_OPS, DISK_WRITE_OPS, DISK_READ_BYTES, DISK_WRITE_BYTES, NETWORK_RX_BYTES, NETWORK_TX_BYTES,
            PROCESS_COUNT, TEMPERATURE, PROCESS_RSS_MB);

    private static final Pattern CPU_CORE = Pattern.compile(CPU_CORE_PREFIX + "(0|[1-9][0-9]{0,4})");

    private MetricNames() {
    }

    public static String cpuCore(int index) {
        return CPU_CORE_PREFIX + index;
    }

    /**
     * Whether a sample can carry {@code name}: one of {@link #KNOWN}, {@code cpu_core_<n>}, or a probe's metric
     * ({@code probe.<name>.<stat>}, {@link ProbeMetricNames#isProbeMetric}).
     */
    public static boolean isKnown(String name) {
        return name != null && (KNOWN.contains(name) || CPU_CORE.matcher(name).matches()
                || ProbeMetricNames.isProbeMetric(name));
    }

    /** The accepted names as an error message lists them. */
    public static String describeKnown() {
        return String.join(", ", KNOWN) + ", " + CPU_CORE_PREFIX + "<n>, " + ProbeMetricNames.describe();
    }
}
