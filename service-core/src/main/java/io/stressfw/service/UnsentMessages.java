package io.stressfw.service;

import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts and logs the records the broker did not take ({@code stress_messages_unsent_total{type}}): at the caller's
 * level the first time in {@value #QUIET_MS} ms for that payload type, at DEBUG after that, so that a broker outage
 * does not flood the log with a failed sample per tick.
 */
public final class UnsentMessages {
    private static final Logger LOG = Logger.getLogger(UnsentMessages.class);
    public static final String COUNTER = "stress.messages.unsent";
    public static final long QUIET_MS = 10_000;

    private final MeterRegistry registry;
    private final Map<String, Long> lastLoggedMs = new ConcurrentHashMap<>();

    public UnsentMessages(MeterRegistry registry) {
        this.registry = registry;
    }

    public void failed(String type, String key, Throwable e, Logger.Level level) {
        registry.counter(COUNTER, "type", type).increment();
        long now = System.nanoTime() / 1_000_000;
        Long last = lastLoggedMs.get(type);
        boolean loud = last == null || now - last >= QUIET_MS || level == Logger.Level.ERROR || level == Logger.Level.FATAL;
        if (loud) {
            lastLoggedMs.put(type, now);
        }
        LOG.logf(loud ? level : Logger.Level.DEBUG, "%s keyed %s not sent: %s", type, key, e.getMessage());
    }
}
