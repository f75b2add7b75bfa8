package io.stressfw.kafka;

import io.stressfw.model.MalformedMessageException;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The plain string clients that tests use beside the services on a broker of this module: a consumer in a group of
 * its own that reads from the start of its topics (so that it misses nothing sent before it joined), a producer, and
 * a bounded read of the first records that match.
 */
public final class BrokerClients {
    private BrokerClients() {
    }

    /** A consumer in a new group ({@code groupPrefix} and a random part), from the start of each topic, not subscribed. */
    public static KafkaConsumer<String, String> fromStart(String bootstrap, String groupPrefix) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }

    /** {@link #fromStart} subscribed to {@code topics}. */
    public static KafkaConsumer<String, String> fromStart(String bootstrap, String groupPrefix, List<String> topics) {
        KafkaConsumer<String, String> consumer = fromStart(bootstrap, groupPrefix);
        consumer.subscribe(topics);
        return consumer;
    }

    public static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    /**
     * Polls until {@code count} records match or {@code timeout} has passed on the monotonic clock (a wall-clock step
     * neither cuts the wait short nor stretches it); the matches in the order read, at most {@code count}.
     */
    public static List<ConsumerRecord<String, String>> firstMatching(KafkaConsumer<String, String> consumer, int count,
                                                                      Predicate<ConsumerRecord<String, String>> matching,
                                                                      Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < count && System.nanoTime() - deadline < 0) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (found.size() < count && matching.test(record)) {
                    found.add(record);
                }
            }
        }
        return found;
    }

    /**
     * The first {@code count} samples keyed {@code source} on {@link Topics#SAMPLES} that match, read from the start of
     * the topic within {@code timeout}, oldest first; fewer when they did not come in time.
     */
    public static List<MetricSample> firstSamples(String bootstrap, String source, int count,
                                                  Predicate<MetricSample> matching, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = fromStart(bootstrap, "samples-of-" + source + "-", List.of(Topics.SAMPLES))) {
            List<MetricSample> found = new ArrayList<>(firstMatching(consumer, count,
                    record -> source.equals(record.key()) && matching.test(sample(record)), timeout).stream()
                    .map(BrokerClients::sample).toList());
            found.sort(Comparator.comparingLong(MetricSample::timestampMs));
            return found;
        }
    }

    private static MetricSample sample(ConsumerRecord<String, String> record) {
        try {
            return WireCodec.decode(record.value(), MetricSample.class);
        } catch (MalformedMessageException e) {
            throw new IllegalStateException("a malformed sample on " + record.topic() + ": " + record.value(), e);
        }
    }
}
