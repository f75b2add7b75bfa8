package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.host.DeviceRates;
import io.stressfw.agent.control.AgentState;
import io.stressfw.agent.host.ProcFiles;
import io.stressfw.agent.kafka.AgentKafka;
import io.stressfw.agent.kafka.AgentProducer;
import io.stressfw.model.Checks;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Topics;
import io.stressfw.service.Hosts;
import io.stressfw.service.SampleCadence;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes what the agent generated to {@code stress.samples} every sample interval (100 ms) while it holds load
 * and every idle sample interval (1 s) otherwise ({@link SampleCadence}), keyed by agent id, with the agent
 * process's CPU and memory and what the scratch directory's block device did. Samples are only worth anything
 * fresh, yet while the broker is away the producer still holds what it took until its delivery time-out, as before
 * ({@link AgentProducer}: a send waits at most 500 ms for room, then fails). When the agent
 * leaves in order, the timer stops and one last sample, marked {@code leaving}, follows.
 *
 * <p>The same tick sends the agent's periodic heartbeats ({@link AgentHeartbeats}) when they are due, right after the
 * sample when both are, and wakes for whichever is due first.
 */
@Singleton
public class SamplePublisher {
    private static final Logger LOG = Logger.getLogger(SamplePublisher.class);
    public static final String PROCESS_RSS_MB = "process_rss_mb";

    private final AgentProducer producer;
    private final AgentRuntime runtime;
    private final AgentSettings settings;
    private final AgentHeartbeats heartbeats;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final SampleCadence cadence;
    private volatile ScheduledExecutorService timer;
    /** The pending tick; the timer's thread only. */
    private ScheduledFuture<?> next;
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    @Inject
    public SamplePublisher(AgentKafka kafka, AgentRuntime runtime, AgentSettings settings, AgentHeartbeats heartbeats) {
        this.producer = kafka.producer();
        this.runtime = runtime;
        this.settings = settings;
        this.heartbeats = heartbeats;
        this.cadence = new SampleCadence(settings.idleSampleIntervalMs(),
                Checks.between(settings.sampleWarmUp().toMillis(), 0, 600_000, "stress.agent.sample_warm_up (ms)"));
    }

    /**
     * A command was handled: take a tick now, so that a command that loaded the agent has its first sample out at once
     * rather than at the next idle tick.
     */
    public void nudge() {
        ScheduledExecutorService current = timer;
        if (current != null) {
            try {
                current.execute(this::tick);
            } catch (RejectedExecutionException e) {
                // Shutting down: no more samples.
            }
        }
    }

    /**
     * One tick, on the timer's thread only: a sample at the full rate while the agent holds load, once per idle
     * interval otherwise, and the heartbeat when it is due; then the next tick is scheduled (replacing any pending
     * one) for whichever of the two comes first.
     */
    private void tick() {
        long now = System.nanoTime() / 1_000_000;
        try {
            // A heartbeat due now takes along an idle sample due within its interval (after a cycle the two fell
            // out of phase), and the idle samples keep the heartbeat's phase from then on.
            long early = heartbeats.untilDueMs(now) == 0 ? heartbeats.intervalMs() : 0;
            if (cadence.publishes(now, busy(), early)) {
                publish();
            }
            heartbeats.publishIfDue(now);
        } catch (RuntimeException | Error e) {
            // The tick also carries the heartbeats: whatever one round met, the next one must come.
            LOG.warnf("Sample tick failed: %s", e.toString());
        }
        if (next != null) {
            next.cancel(false);
        }
        try {
            long untilNext = Math.min(cadence.untilNextTickMs(now, settings.sampleIntervalMs()), heartbeats.untilDueMs(now));
            next = timer.schedule(this::tick, Math.max(1, untilNext), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: no more samples.
        }
    }

    private boolean busy() {
        try {
            AgentState state = runtime.controller().state();
            return state == AgentState.RUNNING || state == AgentState.STOPPING;
        } catch (RuntimeException e) {
            // No state to go by (not wired yet): sample as at the full rate.
            return true;
        }
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-publish");
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::tick);
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Stops the timer and waits for a sample being sent now, so that none follows a last one. */
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The source's last sample, marked leaving; completes on Kafka's acknowledgement. */
    CompletableFuture<Void> publishLast() {
        MetricSample sample = runtime.controller().sample(Hosts.hostname(), processMetrics()).asLeaving();
        return producer.send(Topics.SAMPLES, sample.sourceId(), sample, Logger.Level.WARN);
    }

    private void publish() {
        try {
            MetricSample sample = runtime.controller().sample(Hosts.hostname(), processMetrics());
            // DEBUG: while the broker is away ten samples a second fail, and the broker watch already says so.
            producer.send(Topics.SAMPLES, sample.sourceId(), sample, Logger.Level.DEBUG);
        } catch (RuntimeException e) {
            // A sample that cannot be taken must not end the timer: the next one may well succeed.
            LOG.debugf("Sample not sent: %s", e.getMessage());
        }
    }

    /**
     * The agent process's own CPU usage (percent of all the host's cores) and resident memory, and the scratch
     * directory's block device: operations and bytes per second and busy time, whoever caused them (null where the
     * scratch directory has no block device).
     */
    synchronized Map<String, Double> processMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        if (lastCpuNanos >= 0 && cpu >= 0 && wall > lastWallNanos) {
            double usage = (cpu - lastCpuNanos) * 100.0 / ((wall - lastWallNanos) * (double) os.getAvailableProcessors());
            metrics.put(MetricNames.CPU_USAGE, Math.max(0, Math.min(100, usage)));
        } else {
            metrics.put(MetricNames.CPU_USAGE, null);
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        metrics.put(PROCESS_RSS_MB, ProcFiles.selfRssBytes().isPresent()
                ? ProcFiles.selfRssBytes().getAsLong() / (1024.0 * 1024.0) : null);
        DeviceRates.Reading device = runtime.controller().generators().get(ResourceKind.IO) instanceof IoLoadGenerator io
                ? io.device() : null;
        metrics.put(MetricNames.IO_DEVICE_READ_OPS, device == null ? null : device.readOps());
        metrics.put(MetricNames.IO_DEVICE_WRITE_OPS, device == null ? null : device.writeOps());
        metrics.put(MetricNames.IO_DEVICE_READ_BYTES, device == null ? null : device.readBytes());
        metrics.put(MetricNames.IO_DEVICE_WRITE_BYTES, device == null ? null : device.writeBytes());
        metrics.put(MetricNames.IO_DEVICE_BUSY, device == null ? null : device.busyPercent());
        return metrics;
    }
}
