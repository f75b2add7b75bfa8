package io.stressfw.agent.control;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The broker half of the dead-man's switch: probes the cluster every second and reports it unreachable once no probe
 * has succeeded for {@code timeout}. The agent then stops its load, since stop commands could no longer reach it.
 *
 * <p>After {@code timeout} of failures in a row the probing client is replaced by a new one, which starts again from
 * the bootstrap address: an admin client that had lived through a broker's SIGKILL and restart behind a proxy kept
 * failing for 2.5 minutes while the agent's consumers had reconnected within seconds (system tests, network hosts),
 * and the agent stayed not ready all that time.
 */
public final class BrokerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrokerWatch.class.getName());
    private static final long PERIOD_MS = 1000;
    private final Supplier<ClusterProbe> probes;
    private final long timeoutMs;
    private final Consumer<String> onUnreachable;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean reachable = true;
    /** On the monotonic clock: a wall clock stepped by NTP must not look like a silent broker. */
    private volatile long lastSuccessMs;
    private volatile int clientsCreated;

    /** One probe of the cluster: returns when the broker answered, throws otherwise. */
    public interface ClusterProbe extends AutoCloseable {
        void probe() throws Exception;

        @Override
        void close();
    }

    public BrokerWatch(Map<String, Object> kafkaConfig, Duration timeout, Consumer<String> onUnreachable) {
        this(adminProbes(kafkaConfig), timeout, onUnreachable);
    }

    BrokerWatch(Supplier<ClusterProbe> probes, Duration timeout, Consumer<String> onUnreachable) {
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("broker timeout must be >= 1 s, was " + timeout);
        }
        this.probes = probes;
        this.timeoutMs = timeout.toMillis();
        this.onUnreachable = onUnreachable;
        this.lastSuccessMs = nowMs();
        this.thread = new Thread(this::run, "agent-broker-watch");
        thread.setDaemon(true);
    }

    private static Supplier<ClusterProbe> adminProbes(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return () -> {
            Admin admin = Admin.create(config);
            return new ClusterProbe() {
                @Override
                public void probe() throws Exception {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes().get(1500, TimeUnit.MILLISECONDS);
                }

                @Override
                public void close() {
                    admin.close(Duration.ZERO);
                }
            };
        };
    }

    public BrokerWatch start() {
        thread.start();
        return this;
    }

    public boolean reachable() {
        return reachable;
    }

    /** How many probing clients the watch has made so far (one, unless the broker stayed silent for a timeout). */
    int clientsCreated() {
        return clientsCreated;
    }

    private void run() {
        ClusterProbe probe = null;
        long failingSinceMs = -1;
        try {
            while (running) {
                long started = nowMs();
                try {
                    if (probe == null) {
                        probe = probes.get();
                        clientsCreated++;
                    }
                    probe.probe();
                    lastSuccessMs = nowMs();
                    failingSinceMs = -1;
                    if (!reachable) {
                        LOG.log(System.Logger.Level.INFO, "Broker reachable again");
                    }
                    reachable = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    long silent = nowMs() - lastSuccessMs;
                    if (silent >= timeoutMs) {
                        if (reachable) {
                            LOG.log(System.Logger.Level.WARNING, "Broker unreachable for " + silent + " ms");
                        }
                        reachable = false;
                        onUnreachable.accept("no answer from the broker for " + silent + " ms (" + e.getClass().getSimpleName() + ")");
                    }
                    failingSinceMs = failingSinceMs < 0 ? started : failingSinceMs;
                    if (probe != null && nowMs() - failingSinceMs >= timeoutMs) {
                        probe.close();
                        probe = null;
                        failingSinceMs = -1;
                    }
                }
                long rest = PERIOD_MS - (nowMs() - started);
                if (rest > 0 && running) {
                    Thread.sleep(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Broker watch failed", e);
            reachable = false;
            onUnreachable.accept("broker watch failed: " + e.getMessage());
        } finally {
            if (probe != null) {
                probe.close();
            }
        }
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
