package io.stressfw.agent.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One consumer on a thread of its own, reading a broadcast: every partition of its topics is assigned to it (no
 * consumer group: every replica reads every record, and an agent has no offset worth keeping), from the end of each
 * topic as it was when the loop started reading. Each record goes to the handler; a handler that throws, an Error
 * included, has the record dead-lettered and the loop goes on: no record ends a consumer. A broker that is away is
 * waited for (the partitions are looked up again each second). {@link #close()} wakes the poll in progress and
 * returns within its bound.
 */
public final class RecordLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecordLoop.class);
    /** An idle poll ends once a second; a record ends it at once, and close wakes it. */
    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration CLOSE_BOUND = Duration.ofSeconds(2);
    /** How often the partitions are looked up while the broker does not know them (away, or topics not made yet). */
    static final Duration RETRY = Duration.ofSeconds(1);

    private final String name;
    private final List<String> topics;
    private final KafkaConsumer<String, String> consumer;
    private final Consumer<ConsumerRecord<String, String>> handler;
    private final DeadLetters deadLetters;
    private final Thread thread;
    private volatile boolean closing;
    private volatile boolean assigned;

    /**
     * @param overrides consumer properties of this loop (fetch sizes and waits) over the agent's client settings
     */
    public RecordLoop(String name, Map<String, Object> clientSettings, Map<String, Object> overrides, List<String> topics,
                      Consumer<ConsumerRecord<String, String>> handler, DeadLetters deadLetters) {
        this.name = name;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.deadLetters = deadLetters;
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A position past the end (a broker started again with an empty log) goes back to the end, not the start.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.putAll(overrides);
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public RecordLoop start() {
        thread.start();
        return this;
    }

    /** Whether the loop has its partitions and reads (false while the broker has not answered yet). */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            long nextTryNanos = System.nanoTime();
            while (!closing && !assigned) {
                if (System.nanoTime() - nextTryNanos >= 0) {
                    nextTryNanos = System.nanoTime() + RETRY.toNanos();
                    assigned = assign();
                }
                if (!assigned) {
                    // Short sleeps: close must not wait for the next try.
                    Thread.sleep(100);
                }
            }
            while (!closing) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // Closing.
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.errorf(e, "The %s consumer stopped", name);
            }
        } finally {
            try {
                consumer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf("Closing the %s consumer: %s", name, e.getMessage());
            }
        }
    }

    /** Assigns every partition of the topics, positioned at their ends; false while the broker cannot say. */
    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        try {
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, POLL);
                if (infos == null || infos.isEmpty()) {
                    return false;
                }
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            // The end is looked up now, not at the first poll: a record sent once the loop is assigned is read.
            partitions.forEach(partition -> consumer.position(partition, POLL));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false;
        }
        LOG.debugf("The %s consumer reads %d partitions of %s", name, partitions.size(), topics);
        return true;
    }

    private void handle(ConsumerRecord<String, String> record) {
        try {
            handler.accept(record);
        } catch (Throwable e) {
            LOG.errorf(e, "Handling a record of %s failed", record.topic());
            deadLetters.reject(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                    "handling failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(CLOSE_BOUND.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("The %s consumer did not close within %d ms", name, CLOSE_BOUND.toMillis());
        }
    }
}
