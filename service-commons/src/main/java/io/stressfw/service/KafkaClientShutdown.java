package io.stressfw.service;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.impl.ReactiveKafkaConsumer;
import io.smallrye.reactive.messaging.kafka.impl.ReactiveKafkaProducer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes the service's Kafka clients when it shuts down: every consumer at the same time, then every producer at the
 * same time. SmallRye closes them one channel after the other, each consumer waiting up to a second (for the fetch
 * the broker holds, fetch.max.wait.ms being 5 s here to keep idle consumers quiet; with the broker gone, for the
 * broker) and each producer up to its close-timeout (500 ms, microprofile-config.properties) for its unsent records.
 * One after the other, a service with three channels took 3.4 s to stop, past the 3.5 s the local run gives a service
 * on SIGTERM, and with the broker gone an agent's four producers took 2 s more (FaultInjectionTest). Consumers are
 * closed after the observers that still need Kafka (an agent's last sample and heartbeat), producers after every
 * observer of default priority (the timers that send); SmallRye's own close then finds them closed.
 */
@ApplicationScoped
public class KafkaClientShutdown {
    private static final Logger LOG = Logger.getLogger(KafkaClientShutdown.class);
    private static final Duration BOUND = Duration.ofSeconds(3);

    @Inject
    KafkaClientService clients;

    void closeConsumers(@Observes @Priority(200) ShutdownEvent event) {
        List<Runnable> closes = new ArrayList<>();
        for (String channel : clients.getConsumerChannels()) {
            for (KafkaConsumer<Object, Object> consumer : clients.<Object, Object>getConsumers(channel)) {
                // The API has no close; the connector's own consumer has one, idempotent, which SmallRye calls later.
                if (consumer instanceof ReactiveKafkaConsumer<?, ?> reactive) {
                    closes.add(reactive::close);
                }
            }
        }
        if (!closeTogether(closes, BOUND)) {
            LOG.warnf("Not every Kafka consumer closed within %d ms; SmallRye closes the rest", BOUND.toMillis());
        }
    }

    void closeProducers(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent event) {
        List<Runnable> closes = new ArrayList<>();
        for (String channel : clients.getProducerChannels()) {
            // As for consumers: the connector's producer has an idempotent close, which SmallRye calls later.
            if (clients.getProducer(channel) instanceof ReactiveKafkaProducer<?, ?> reactive) {
                closes.add(reactive::close);
            }
        }
        if (!closeTogether(closes, BOUND)) {
            LOG.warnf("Not every Kafka producer closed within %d ms; SmallRye closes the rest", BOUND.toMillis());
        }
    }

    /** Runs every close on a thread of its own and waits for them all, at most {@code bound}: true when all ended. */
    static boolean closeTogether(List<Runnable> closes, Duration bound) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < closes.size(); i++) {
            Runnable close = closes.get(i);
            Thread thread = new Thread(() -> {
                try {
                    close.run();
                } catch (RuntimeException e) {
                    LOG.debugf("A Kafka client's close failed: %s", e.getMessage());
                }
            }, "kafka-client-close-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
