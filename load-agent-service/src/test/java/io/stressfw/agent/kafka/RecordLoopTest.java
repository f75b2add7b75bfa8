package io.stressfw.agent.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stressfw.kafka.BrokerClients;
import io.stressfw.kafka.KafkaBrokerExtension;
import io.stressfw.model.DeadLetter;
import io.stressfw.model.Topics;
import io.stressfw.model.WireCodec;
import io.stressfw.service.UnsentMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent's consumer loop against a real broker: a broadcast from the end, no record ends it, a quick close. */
class RecordLoopTest {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static Map<String, Object> settings() {
        return Map.of("bootstrap.servers", KAFKA.bootstrapServers());
    }

    @Test
    void everyLoopReadsEveryRecordSentOnceItIsAssignedAndNoneFromBefore() throws Exception {
        String before = "before-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = BrokerClients.producer(KAFKA.bootstrapServers());
             AgentProducer agentProducer = new AgentProducer(settings(), "test-producer", new UnsentMessages(new SimpleMeterRegistry()))) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", before)).get(5, TimeUnit.SECONDS);
            DeadLetters deadLetters = new DeadLetters(agentProducer, new SimpleMeterRegistry(), "agent-test", "agent");
            List<String> first = new CopyOnWriteArrayList<>();
            List<String> second = new CopyOnWriteArrayList<>();
            try (RecordLoop a = new RecordLoop("loop-a", settings(), Map.of(), List.of(Topics.COMMANDS, Topics.VIOLATIONS),
                    r -> first.add(r.value()), deadLetters).start();
                 RecordLoop b = new RecordLoop("loop-b", settings(), Map.of(), List.of(Topics.COMMANDS),
                         r -> second.add(r.value()), deadLetters).start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> a.assigned() && b.assigned());
                producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", after)).get(5, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>(Topics.VIOLATIONS, "all", after + "-violation")).get(5, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(first).contains(after, after + "-violation");
                    assertThat(second).contains(after);
                });
                assertThat(first).doesNotContain(before);
                assertThat(second).doesNotContain(before).doesNotContain(after + "-violation");
            }
        }
    }

    @Test
    void aRecordWhoseHandlingThrowsIsDeadLetteredAndTheLoopGoesOn() throws Exception {
        String poison = "poison-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        List<String> handled = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaProducer<String, String> producer = BrokerClients.producer(KAFKA.bootstrapServers());
             AgentProducer agentProducer = new AgentProducer(settings(), "test-producer", new UnsentMessages(registry));
             RecordLoop loop = new RecordLoop("loop-poison", settings(), Map.of(), List.of(Topics.COMMANDS), r -> {
                 if (r.value().equals(poison)) {
                     throw new StackOverflowError("handler broke");
                 }
                 handled.add(r.value());
             }, new DeadLetters(agentProducer, registry, "agent-test", "agent")).start()) {
            await().atMost(Duration.ofSeconds(20)).until(loop::assigned);
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", poison)).get(5, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "all", next)).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(next));
            DeadLetter letter = deadLetterHolding(poison);
            assertThat(letter.reason()).contains("handling failed").contains("StackOverflowError").contains("handler broke");
            assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS);
            assertThat(letter.consumer()).isEqualTo("agent-test");
            assertThat(registry.counter(DeadLetters.MALFORMED_COUNTER, "topic", Topics.COMMANDS, "consumer", "agent").count())
                    .isEqualTo(1);
        }
    }

    @Test
    void aLoopWhoseBrokerNeverAnswersClosesAtOnce() {
        // A port nobody listens on: the loop keeps looking its partitions up.
        RecordLoop loop = new RecordLoop("loop-nobody", Map.of("bootstrap.servers", "127.0.0.1:1"), Map.of(),
                List.of(Topics.COMMANDS), r -> { }, null).start();
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(loop.assigned()).isFalse();
        long started = System.nanoTime();
        loop.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RecordLoop.CLOSE_BOUND);
    }

    @Test
    void anIdleLoopPollsAtMostOnceASecond() {
        assertThat(RecordLoop.POLL).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    private static DeadLetter deadLetterHolding(String payload) throws Exception {
        try (KafkaConsumer<String, String> consumer = BrokerClients.fromStart(KAFKA.bootstrapServers(), "dlq-test-")) {
            consumer.subscribe(List.of(Topics.DLQ));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().contains(payload)) {
                        return WireCodec.decode(record.value(), DeadLetter.class);
                    }
                }
            }
        }
        throw new AssertionError("no dead letter holding " + payload + " within 15 s");
    }
}
