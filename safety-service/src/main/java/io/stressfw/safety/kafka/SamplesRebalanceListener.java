package io.stressfw.safety.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tells {@link SamplesReplayBoundary} where live samples start in each partition the {@code samples-in} consumer is
 * given (its end offset at its first assignment). Runs on the Kafka polling thread, before any record of the new assignment is handed
 * on. Named in {@code mp.messaging.incoming.samples-in.consumer-rebalance-listener.name}.
 */
@ApplicationScoped
@Identifier(SamplesRebalanceListener.NAME)
public class SamplesRebalanceListener implements KafkaConsumerRebalanceListener {
    public static final String NAME = "safety-samples-replay";
    private static final Logger LOG = Logger.getLogger(SamplesRebalanceListener.class);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(5);

    private final SamplesReplayBoundary boundary;

    @Inject
    public SamplesRebalanceListener(SamplesReplayBoundary boundary) {
        this.boundary = boundary;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            Map<Integer, Long> liveFrom = new TreeMap<>();
            consumer.endOffsets(partitions, END_OFFSETS_TIMEOUT).forEach((tp, end) -> liveFrom.put(tp.partition(), end));
            boundary.assigned(liveFrom);
            LOG.infof("Samples assigned (end offsets %s); records below each partition's first end are history, live "
                    + "from offsets %s", liveFrom, boundary.liveFromOffsets());
        } catch (RuntimeException e) {
            LOG.warnf("Could not read the end offsets of %s (%s): every record of them will be evaluated, replays too",
                    partitions, e.getMessage());
        }
    }
}
