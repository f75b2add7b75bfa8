package io.stressfw.agent;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.stressfw.agent.control.AgentController;
import io.stressfw.agent.control.AgentGenerators;
import io.stressfw.agent.control.BrokerWatch;
import io.stressfw.agent.control.NetworkAllowlist;
import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.generator.CpuMode;
import io.stressfw.agent.generator.DirectMemory;
import io.stressfw.agent.generator.DiscardSink;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.LoadThreads;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.generator.OperationMix;
import io.stressfw.agent.generator.ScratchDirectory;
import io.stressfw.agent.host.ProcFiles;
import io.stressfw.model.Checks;
import io.stressfw.service.ServiceIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Builds the generators, the sink, the scratch directory and the controller from the configuration, and owns them,
 * together with the one {@link LoadThreads} registry that tells the agent's load threads from its own work.
 */
@Startup
@ApplicationScoped
public class AgentRuntime {
    private static final Logger LOG = Logger.getLogger(AgentRuntime.class);
    private static final long MB = 1024L * 1024L;
    /** Direct memory left for Netty, Kafka and the I/O buffers when the memory cap is bounded by the JVM's limit. */
    private static final long DIRECT_HEADROOM_MB = 64;

    @Inject
    AgentSettings settings;
    @Inject
    ServiceIdentity identity;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final LoadThreads loadThreads = new LoadThreads();
    private DiscardSink sink;
    private ScratchDirectory scratch;
    private AgentController controller;
    private BrokerWatch brokerWatch;
    private int cores;
    private CpuMode cpuMode;
    private double memoryCapMb;
    private String memoryCapNote;

    @PostConstruct
    void start() {
        AgentSettings.LoadGenerators g = settings.loadGenerators();
        cores = resolveCores(g.cpu().cores());
        cpuMode = CpuMode.parse(g.cpu().mode());
        memoryCapMb = resolveMemoryCapMb(g.memory().limitGb());
        sink = new DiscardSink(loadThreads, sinkAddress(g.network().sinkBindAddress()), g.network().sinkPort());
        Path base = g.io().scratchDir().filter(s -> !s.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "stressfw", "load-agent-service", "scratch"));
        scratch = new ScratchDirectory(base, identity.instanceId().replaceAll("[^A-Za-z0-9._-]", "_"));
        if (scratch.removedLeftovers() > 0) {
            LOG.warnf("Removed %d scratch directories left by crashed agents under %s", scratch.removedLeftovers(), base);
        }
        NetworkAllowlist allowlist = new NetworkAllowlist(g.network().allowlist(), sink.address());
        AgentGenerators generators = new AgentGenerators(List.<LoadGenerator>of(
                MemoryLoadGenerator.builder(loadThreads, memoryCapMb).chunkMb(g.memory().chunkSizeMb())
                        .reserveMb(g.memory().reserveMb()).availableBytes(ProcFiles::memAvailableBytes).build(),
                CpuLoadGenerator.builder(loadThreads).cores(cores).precisionIntervalMs(g.cpu().precisionIntervalMs())
                        .mode(cpuMode).hostCpu(ProcFiles::hostCpu).build(),
                NetworkLoadGenerator.builder(loadThreads, allowlist.all()).bandwidthMbps(g.network().bandwidthMbps())
                        .poolSize(g.network().connectionPoolSize()).maxRunMillis(g.network().maxRunSeconds() * 1000)
                        .maxRunBytes(g.network().maxRunMb() * MB).build(),
                IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(g.io().operationsPerSecond())
                        .mix(parseMix(g.io().operationMix())).fileSizeMb(g.io().fileSizeMb()).maxDiskMb(g.io().maxDiskMb())
                        .fsync(g.io().fsync()).build()));
        controller = AgentController.builder(identity.instanceId(), generators, allowlist)
                .gracefulStopMs(settings.gracefulStopMs()).maxLease(settings.maxLease())
                .watchdogBound(settings.watchdogBound()).build().start();
        brokerWatch = new BrokerWatch(kafkaConfig, settings.brokerTimeout(), controller::onBrokerUnreachable).start();
        if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null) {
            LOG.warn("MALLOC_MMAP_THRESHOLD_ is not set: glibc may keep part of the memory generator's freed chunks "
                    + "resident after a stop; set MALLOC_MMAP_THRESHOLD_=4194304 so that every chunk goes back to the OS");
        }
        LOG.infof("Agent %s ready: %d cores (%s mode), memory cap %.0f MB%s, sink %s, scratch %s, allowlist %s",
                identity.instanceId(), cores, cpuMode.name().toLowerCase(Locale.ROOT), memoryCapMb,
                memoryCapNote == null ? "" : " (" + memoryCapNote + ")", sink.hostPort(), scratch.path(), allowlist.entries());
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

    public Map<String, Object> capabilities() {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("cores", cores);
        caps.put("memory_limit_mb", Math.round(memoryCapMb));
        caps.put("generators", controller.generators().names());
        caps.put("cpu_mode", cpuMode.name().toLowerCase(Locale.ROOT));
        caps.put("sink_address", sink.hostPort());
        caps.put("network_allowlist", controller.allowlist().entries());
        caps.put("max_lease_ms", controller.maxLeaseMs());
        // The agent's wall clock minus the orchestrator's as seen on the last commands, transit included.
        caps.put("clock_skew_ms", controller.clockSkewMs());
        caps.put("control_loop_live", controller.live());
        return caps;
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

    static int resolveCores(String configured) {
        if (configured == null || configured.isBlank() || configured.trim().equalsIgnoreCase("auto")) {
            return ProcFiles.usableCores();
        }
        try {
            int n = Integer.parseInt(configured.trim());
            if (n < 1 || n > Runtime.getRuntime().availableProcessors()) {
                throw new IllegalArgumentException("stress.agent.load_generators.cpu.cores must be 'auto' or 1.."
                        + Runtime.getRuntime().availableProcessors() + ", was " + configured);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stress.agent.load_generators.cpu.cores must be 'auto' or a number, was " + configured);
        }
    }

    private double resolveMemoryCapMb(String configured) {
        double capMb;
        if (configured == null || configured.isBlank() || configured.trim().equalsIgnoreCase("auto")) {
            long available = ProcFiles.memAvailableBytes().orElse(Runtime.getRuntime().maxMemory());
            OptionalLong cgroup = ProcFiles.cgroupMemoryHeadroom(Path.of("/sys/fs/cgroup"));
            if (cgroup.isPresent()) {
                available = Math.min(available, cgroup.getAsLong());
            }
            capMb = 0.8 * available / MB;
        } else {
            double gb;
            try {
                gb = Double.parseDouble(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("stress.agent.load_generators.memory.limit_gb must be 'auto' or a number, was " + configured);
            }
            capMb = Checks.nonNegative(gb, "stress.agent.load_generators.memory.limit_gb") * 1024;
        }
        double directMb = Math.max(0, DirectMemory.maxDirectBytes() / (double) MB - DIRECT_HEADROOM_MB);
        if (directMb < capMb) {
            memoryCapNote = "bounded by -XX:MaxDirectMemorySize; raise it to allow more";
            capMb = directMb;
        }
        return Math.floor(capMb);
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
