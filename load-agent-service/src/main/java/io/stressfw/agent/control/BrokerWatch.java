package io.stressfw.agent.control;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The broker half of the dead-man's switch: probes the cluster every second and reports it unreachable once no probe
 * has succeeded for {@code timeout}. The agent then stops its load, since stop commands could no longer reach it.
 */
public final class BrokerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrokerWatch.class.getName());
    private final Map<String, Object> clientConfig;
    private final long timeoutMs;
    private final Consumer<String> onUnreachable;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean reachable = true;
    /** On the monotonic clock: a wall clock stepped by NTP must not look like a silent broker. */
    private volatile long lastSuccessMs;

    public BrokerWatch(Map<String, Object> kafkaConfig, Duration timeout, Consumer<String> onUnreachable) {
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("broker timeout must be >= 1 s, was " + timeout);
        }
        this.clientConfig = new HashMap<>(kafkaConfig);
        clientConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        clientConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000);
        clientConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        this.timeoutMs = timeout.toMillis();
        this.onUnreachable = onUnreachable;
        this.lastSuccessMs = nowMs();
        this.thread = new Thread(this::run, "agent-broker-watch");
        thread.setDaemon(true);
    }

    public BrokerWatch start() {
        thread.start();
        return this;
    }

    public boolean reachable() {
        return reachable;
    }

    private void run() {
        try (Admin admin = Admin.create(clientConfig)) {
            while (running) {
                long started = nowMs();
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes().get(1500, TimeUnit.MILLISECONDS);
                    lastSuccessMs = nowMs();
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
                }
                long rest = 1000 - (nowMs() - started);
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
