package io.stressfw.agent;

import io.quarkus.runtime.Startup;
import io.stressfw.agent.control.AgentController;
import io.stressfw.agent.control.AgentGenerators;
import io.stressfw.agent.control.AgentState;
import io.stressfw.agent.control.BrokerWatch;
import io.stressfw.agent.control.NetworkAllowlist;
import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.generator.DirectMemory;
import io.stressfw.agent.generator.DiscardSink;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.LoadThreads;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.generator.OperationMix;
import io.stressfw.agent.generator.ScratchDirectory;
import io.stressfw.agent.host.BlockDevice;
import io.stressfw.agent.host.DeviceRates;
import io.stressfw.agent.host.HostId;
import io.stressfw.agent.host.OwnCgroup;
import io.stressfw.agent.host.ProcFiles;
import io.stressfw.agent.kafka.AgentKafka;
import io.stressfw.agent.scope.LoadScope;
import io.stressfw.agent.scope.ScopeCapacity;
import io.stressfw.agent.scope.ScopePeers;
import io.stressfw.model.Checks;
import io.stressfw.model.ResourceKind;
import io.stressfw.service.AwakeTime;
import io.stressfw.service.Hosts;
import io.stressfw.service.ServiceIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Builds the generators, the sink, the scratch directory, the scope and its peers, and the controller from the
 * configuration, and owns them, together with the one {@link LoadThreads} registry that tells the agent's load
 * threads from its own work.
 */
@Startup
@Singleton
public class AgentRuntime {
    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);
    private static final long MB = 1024L * 1024L;
    /** Direct memory left for Netty, Kafka and the I/O buffers when the memory cap is bounded by the JVM's limit. */
    private static final long DIRECT_HEADROOM_MB = 64;
    /** The automatic memory cap: this share of the scope's memory. */
    private static final double AUTO_MEMORY_SHARE = 0.8;

    @Inject
    AgentSettings settings;
    @Inject
    ServiceIdentity identity;
    @Inject
    AgentKafka kafka;

    private final LoadThreads loadThreads = new LoadThreads();
    private DiscardSink sink;
    private ScratchDirectory scratch;
    private AgentController controller;
    private BrokerWatch brokerWatch;
    private ScopeCapacity capacity;
    private ScopePeers peers;
    private Optional<String> peerSink;
    private int cores;
    private double memoryCapMb;
    private String memoryBoundNote;
    private volatile boolean leaving;

    @PostConstruct
    void start() {
        AgentSettings.check(settings);
        AgentSettings.LoadGenerators g = settings.loadGenerators();
        OwnCgroup cgroup = OwnCgroup.ofThisProcess();
        LoadScope scope = resolveScope(settings.scope(), g.cpu().mode());
        String hostId = HostId.resolve(settings.hostId(), HostId.BOOT_ID, Hosts::hostname);
        capacity = ScopeCapacity.of(scope, hostId, cgroup, hostCores(), ProcFiles.memTotalBytes()
                .orElse(Runtime.getRuntime().maxMemory()));
        peers = new ScopePeers(identity.instanceId(), capacity.scopeId(), System::nanoTime, settings.peerTimeout(),
                settings.peerSettle());
        cores = resolveCores(g.cpu().cores(), cgroup);
        memoryCapMb = resolveMemoryCapMb(g.memory().limitGb());
        double ownBoundMb = ownMemoryBoundMb(cgroup);
        sink = new DiscardSink(loadThreads, sinkAddress(g.network().sinkBindAddress()), g.network().sinkPort());
        peerSink = sink.peerAddress(g.network().sinkAdvertisedAddress());
        Path base = g.io().scratchDir().filter(s -> !s.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "stressfw", "load-agent-service", "scratch"));
        scratch = new ScratchDirectory(base, identity.instanceId().replaceAll("[^A-Za-z0-9._-]", "_"));
        if (scratch.removedLeftovers() > 0) {
            LOG.warnf("Removed %d scratch directories left by crashed agents under %s", scratch.removedLeftovers(), base);
        }
        NetworkAllowlist allowlist = new NetworkAllowlist(g.network().allowlist(), sink.address());
        IoLoadGenerator.Builder io = IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(g.io().operationsPerSecond())
                .mix(parseMix(g.io().operationMix())).fileSizeMb(g.io().fileSizeMb()).maxDiskMb(g.io().maxDiskMb())
                .fsync(g.io().fsync()).directIo(g.io().directIo()).share(peers);
        BlockDevice.Found device = BlockDevice.under(scratch.path());
        if (device.present()) {
            io.device(new DeviceRates(device.device(), 1000));
        } else {
            io.noDevice(device.reason());
        }
        CpuLoadGenerator cpu = cpu(g.cpu(), scope);
        AgentGenerators generators = new AgentGenerators(List.<LoadGenerator>of(
                MemoryLoadGenerator.builder(loadThreads, memoryCapMb).chunkMb(g.memory().chunkSizeMb())
                        .reserveMb(g.memory().reserveMb()).growthCpuShare(g.memory().growthCpuPercent() / 100.0)
                        .cpuHeadroom(cpu::headroomCores).availableBytes(ProcFiles::memAvailableBytes)
                        .share(peers).ownBoundMb(ownBoundMb).build(),
                cpu,
                NetworkLoadGenerator.builder(loadThreads, allowlist.all()).bandwidthMbps(g.network().bandwidthMbps())
                        .poolSize(g.network().connectionPoolSize()).maxRunMillis(g.network().maxRunSeconds() * 1000)
                        .maxRunBytes(g.network().maxRunMb() * MB).share(peers).build(),
                io.build()));
        controller = AgentController.builder(identity.instanceId(), generators, allowlist)
                .gracefulStopMs(settings.gracefulStopMs()).maxLease(settings.maxLease())
                .watchdogBound(settings.watchdogBound()).build().start();
        brokerWatch = new BrokerWatch(AwakeTime.system()::nanos, kafka.producer()::lastAcknowledgedNanos, settings.brokerTimeout(),
                controller::onBrokerUnreachable).start();
        if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null) {
            LOG.warn("MALLOC_MMAP_THRESHOLD_ is not set: glibc may keep part of the memory generator's freed chunks "
                    + "resident after a stop; set MALLOC_MMAP_THRESHOLD_=4194304 so that every chunk goes back to the OS");
        }
        LOG.infof("Agent %s ready: %s scope %s (%s cores, %.0f MB), %d worker cores, memory cap %.0f MB for the scope%s, "
                        + "sink %s%s, scratch %s on %s, allowlist %s",
                identity.instanceId(), scope.wireName(), capacity.scopeId(), Checks.format(capacity.cpuCores()),
                capacity.memoryBytes() / (double) MB, cores, memoryCapMb,
                memoryBoundNote == null ? "" : " (" + memoryBoundNote + ")", sink.hostPort(),
                peerSink.map(a -> ", announced to peers as " + a).orElse(" (loopback only)"), scratch.path(),
                device.present() ? device.device().name() : "no block device", allowlist.entries());
    }

    private CpuLoadGenerator cpu(AgentSettings.Cpu settings, LoadScope scope) {
        CpuLoadGenerator.Builder cpu = CpuLoadGenerator.builder(loadThreads).cores(cores)
                .precisionIntervalMs(settings.precisionIntervalMs()).scope(scope).share(peers);
        if (scope == LoadScope.HOST) {
            cpu.hostCpu(ProcFiles::hostCpu);
        } else {
            cpu.capacityCores(capacity.cpuCores());
        }
        return cpu.build();
    }

    @PreDestroy
    void stop() {
        if (brokerWatch != null) {
            brokerWatch.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (scratch != null) {
            scratch.close();
        }
    }

    /**
     * The agent is shutting down in order: every generator stops now, and from here on its heartbeats say that it is
     * leaving, so that its peers take over its share at once.
     */
    public void leave() {
        leaving = true;
        controller.close();
    }

    public boolean leaving() {
        return leaving;
    }

    public AgentController controller() {
        return controller;
    }

    public DiscardSink sink() {
        return sink;
    }

    public BrokerWatch brokerWatch() {
        return brokerWatch;
    }

    public ScratchDirectory scratch() {
        return scratch;
    }

    public ScopeCapacity capacity() {
        return capacity;
    }

    public ScopePeers peers() {
        return peers;
    }

    /** The sink's address as announced to peers, empty when it listens on loopback only. */
    public Optional<String> peerSink() {
        return peerSink;
    }

    public Map<String, Object> capabilities() {
        return new AgentAnnouncement(this).capabilities();
    }

    boolean loading() {
        AgentState state = controller.state();
        return !leaving && (state == AgentState.RUNNING || state == AgentState.STOPPING);
    }

    int cores() {
        return cores;
    }

    double memoryCapMb() {
        return memoryCapMb;
    }

    LoadGenerator generator(ResourceKind kind) {
        return controller.generators().get(kind);
    }

    static LoadScope resolveScope(Optional<String> scope, Optional<String> deprecatedCpuMode) {
        if (scope.isPresent()) {
            return LoadScope.parse(scope.get().trim());
        }
        if (deprecatedCpuMode.isPresent()) {
            String mode = deprecatedCpuMode.get().trim();
            LoadScope mapped = switch (mode.toLowerCase(java.util.Locale.ROOT)) {
                case "agent" -> LoadScope.CONTAINER;
                case "host" -> LoadScope.HOST;
                default -> throw new IllegalArgumentException("stress.agent.load_generators.cpu.mode must be agent or host, was "
                        + mode + " (deprecated: use stress.agent.scope=host|container)");
            };
            LOG.warnf("stress.agent.load_generators.cpu.mode=%s is deprecated: using stress.agent.scope=%s", mode,
                    mapped.wireName());
            return mapped;
        }
        return LoadScope.HOST;
    }

    static java.net.InetAddress sinkAddress(String configured) {
        try {
            // Only literal addresses: a host name here would make the listener depend on DNS at start.
            if (!configured.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new IllegalArgumentException("stress.agent.load_generators.network.sink_bind_address must be an IP "
                        + "address, was " + configured);
            }
            return java.net.InetAddress.getByName(configured);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("stress.agent.load_generators.network.sink_bind_address '" + configured
                    + "' is not an IP address");
        }
    }

    private static int hostCores() {
        return ProcFiles.hostCpuAvailable() ? ProcFiles.hostCpu().cores() : Runtime.getRuntime().availableProcessors();
    }

    /** Worker threads: {@code auto} = the own cgroup's CPU quota rounded up, else the available processors. */
    static int resolveCores(String configured, OwnCgroup cgroup) {
        int processors = Runtime.getRuntime().availableProcessors();
        if (configured == null || configured.isBlank() || configured.trim().equalsIgnoreCase("auto")) {
            return cgroup.cpuQuotaCores().stream().mapToInt(q -> Math.max(1, Math.min(processors, (int) Math.ceil(q))))
                    .findFirst().orElse(processors);
        }
        try {
            int n = Integer.parseInt(configured.trim());
            if (n < 1 || n > processors) {
                throw new IllegalArgumentException("stress.agent.load_generators.cpu.cores must be 'auto' or 1.."
                        + processors + ", was " + configured);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stress.agent.load_generators.cpu.cores must be 'auto' or a number, was " + configured);
        }
    }

    /** The scope's memory cap: configured, or 80% of the scope's memory. */
    private double resolveMemoryCapMb(String configured) {
        if (configured == null || configured.isBlank() || configured.trim().equalsIgnoreCase("auto")) {
            return Math.floor(AUTO_MEMORY_SHARE * capacity.memoryBytes() / MB);
        }
        double gb;
        try {
            gb = Double.parseDouble(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stress.agent.load_generators.memory.limit_gb must be 'auto' or a number, was " + configured);
        }
        return Math.floor(Checks.nonNegative(gb, "stress.agent.load_generators.memory.limit_gb") * 1024);
    }

    /**
     * The most this agent can hold whatever its share: the JVM's direct-memory limit (less headroom), and 80% of what
     * its own cgroup leaves free at start (an agent of the host scope in a pod of its own must not be OOM-killed).
     */
    private double ownMemoryBoundMb(OwnCgroup cgroup) {
        double bound = Math.max(0, DirectMemory.maxDirectBytes() / (double) MB - DIRECT_HEADROOM_MB);
        String note = "bounded by -XX:MaxDirectMemorySize; raise it to allow more";
        OptionalLong limit = cgroup.memoryLimitBytes();
        if (limit.isPresent()) {
            long free = Math.max(0, limit.getAsLong() - cgroup.memoryUsageBytes().orElse(0));
            double cgroupBound = AUTO_MEMORY_SHARE * free / MB;
            if (cgroupBound < bound) {
                bound = cgroupBound;
                note = "bounded by the agent's own memory limit";
            }
        }
        if (bound < memoryCapMb) {
            memoryBoundNote = "this agent holds at most " + Math.round(bound) + " MB: " + note;
        }
        return Math.floor(bound);
    }

    static OperationMix parseMix(String text) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("[:=]");
            if (kv.length != 2) {
                throw new IllegalArgumentException("stress.agent.load_generators.io.operation_mix must look like "
                        + "read:0.5,write:0.4,seek:0.1, was " + text);
            }
            try {
                shares.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("operation_mix share '" + kv[1] + "' is not a number");
            }
        }
        return OperationMix.of(shares);
    }
}
