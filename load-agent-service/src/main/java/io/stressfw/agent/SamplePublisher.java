package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.WireCodec;
import io.stressfw.agent.host.ProcFiles;
import io.stressfw.service.Hosts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Publishes what the agent generated to {@code stress.samples} every sample interval (100 ms), keyed by agent id. */
@ApplicationScoped
public class SamplePublisher {
    private static final Logger LOG = Logger.getLogger(SamplePublisher.class);
    public static final String PROCESS_RSS_MB = "process_rss_mb";

    private final Emitter<String> samples;
    private final AgentRuntime runtime;
    private final AgentSettings settings;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private ScheduledExecutorService timer;
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    @Inject
    public SamplePublisher(@Channel("samples-out") @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<String> samples,
                           AgentRuntime runtime, AgentSettings settings) {
        this.samples = samples;
        this.runtime = runtime;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-samples");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::publish, settings.sampleIntervalMs(), settings.sampleIntervalMs(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void publish() {
        try {
            MetricSample sample = runtime.controller().sample(Hosts.hostname(), processMetrics());
            samples.send(Message.of(WireCodec.encode(sample))
                    .addMetadata(OutgoingKafkaRecordMetadata.builder().withKey(sample.sourceId()).build()));
        } catch (RuntimeException e) {
            // The broker is away and the buffer is full: samples are only worth anything fresh, so drop this one.
            LOG.debugf("Sample not sent: %s", e.getMessage());
        }
    }

    /** The agent process's own CPU usage (percent of all the host's cores) and resident memory. */
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
        return metrics;
    }
}
