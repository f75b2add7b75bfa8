package io.stressfw.service.probe;

import io.stressfw.model.ProbeSpec;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a plan's probes, each on a thread of its own at its interval (an attempt never outlives its interval, so a
 * slow or dead service delays neither its own next attempt nor another probe), keeps each one's rolling
 * {@link ProbeWindow} and hands every attempt's metrics to the sink. {@link #runOnce} is the same step without the
 * timer.
 *
 * <p>The first scheduled attempt of each probe warms the prober up and is not counted: it pays the probing process's
 * own first request (class loading, the HTTP client's start, the first connection), 300 ms against a service that
 * answers in 15 ms, measured right after {@code ./stress up}. Counted, it stayed in the window for the window's length
 * and refused the start of a steady-state probe's plan as "not healthy before any load".
 */
public final class ProbeScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProbeScheduler.class);

    /** Receives each attempt with the probe's window metrics after it. Called on the probe's thread. */
    public interface Sink {
        void accept(ProbeSpec spec, ProbeAttempt attempt, Map<String, Double> metrics);
    }

    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final Sink sink;
    private ScheduledExecutorService pool;

    public ProbeScheduler(Map<String, ProbeSpec> specs, Function<ProbeSpec, ProbeRunner> runners, Sink sink) {
        specs.forEach((name, spec) -> probes.put(name, new Probe(spec, runners.apply(spec))));
        this.sink = sink;
    }

    public synchronized void start() {
        if (pool != null || probes.isEmpty()) {
            return;
        }
        pool = Executors.newScheduledThreadPool(probes.size(), r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
        probes.forEach((name, probe) -> {
            long period = probe.spec.settings().interval().toMillis();
            pool.scheduleAtFixedRate(new Runnable() {
                private boolean warm;

                @Override
                public void run() {
                    if (warm) {
                        runSafely(name);
                    } else {
                        probe.runner.attempt();
                        warm = true;
                    }
                }
            }, 0, period, TimeUnit.MILLISECONDS);
        });
    }

    /** One attempt of probe {@code name}: runs it, adds it to the window, tells the sink; returns the metrics. */
    public Map<String, Double> runOnce(String name) {
        Probe probe = probes.get(name);
        if (probe == null) {
            throw new IllegalArgumentException("no probe named '" + name + "'");
        }
        ProbeAttempt attempt = probe.runner.attempt();
        Map<String, Double> metrics;
        synchronized (probe.window) {
            probe.window.add(attempt);
            metrics = probe.window.metrics();
        }
        sink.accept(probe.spec, attempt, metrics);
        return metrics;
    }

    private void runSafely(String name) {
        try {
            runOnce(name);
        } catch (RuntimeException e) {
            // A failing sink must not cancel the probe's schedule (a thrown exception would).
            LOG.warnf(e, "Probe %s: attempt not recorded", name);
        }
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    private record Probe(ProbeSpec spec, ProbeRunner runner, ProbeWindow window) {
        Probe(ProbeSpec spec, ProbeRunner runner) {
            this(spec, runner, new ProbeWindow(spec));
        }
    }
}
