package io.stressfw.safety;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.Command;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SafetyEvent;
import io.stressfw.model.SourceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detection latency across the real broker: from producing an over-limit host sample on stress.samples to
 * receiving its violation on stress.violations (and its emergency stop on stress.commands). Not part of verify (the
 * name does not match surefire's includes); run it with:
 * {@code ./mvnw -q -B -o test -pl safety-service -Dtest=SafetyLatencyBench -Dsurefire.failIfNoSpecifiedTests=false}.
 * Tunable with -Dbench.samples=2000 -Dbench.warmup=1000 -Dbench.interval-ms=10. Prints a table and writes it to
 * target/safety-latency-bench.txt (every sample's latency in target/safety-latency-raw.csv).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class SafetyLatencyBench {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void measureSampleToViolationLatency() throws Exception {
        int samples = Integer.getInteger("bench.samples", 2000);
        int warmup = Integer.getInteger("bench.warmup", 1000);
        long intervalMs = Long.getLong("bench.interval-ms", 10);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> violationNanos = new ConcurrentHashMap<>();
        Map<String, Long> stopNanos = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.LINGER_MS_CONFIG, 0,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.VIOLATIONS, Topics.COMMANDS)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            Thread reader = new Thread(() -> {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                        long received = System.nanoTime();
                        try {
                            if (record.topic().equals(Topics.VIOLATIONS)) {
                                if (WireCodec.decode(record.value(), SafetyEvent.class) instanceof Violation v) {
                                    violationNanos.putIfAbsent(v.sourceId(), received);
                                }
                            } else if (WireCodec.decode(record.value(), Command.class) instanceof StopCommand s) {
                                String source = s.reason().replaceAll(".* on (bench-\\d+) .*", "$1");
                                stopNanos.putIfAbsent(source, received);
                            }
                        } catch (Exception e) {
                            // Other producers' records are not ours to measure.
                        }
                    }
                }
            }, "bench-reader");
            reader.start();

            for (int i = 0; i < warmup + samples; i++) {
                String source = "bench-" + i;
                MetricSample sample = new MetricSample(Versioned.SCHEMA_VERSION, source, SourceKind.HOST, source,
                        System.currentTimeMillis(), null, null, Map.of("memory_usage", 99.0, "cpu_usage", 50.0), null);
                String json = WireCodec.encode(sample);
                sentAt.put(source, System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.SAMPLES, source, json));
                Thread.sleep(intervalMs);
                if (i == warmup - 1) {
                    // Measure the steady state: let the warm-up backlog (JIT, connections) drain first.
                    long drained = System.currentTimeMillis() + 30_000;
                    while (violationNanos.size() < warmup && System.currentTimeMillis() < drained) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(500);
                }
            }
            long deadline = System.currentTimeMillis() + 15_000;
            while (violationNanos.size() < warmup + samples && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            running.set(false);
            reader.join(2000);
        }

        StringBuilder raw = new StringBuilder("sample,sent_ms,violation_ms\n");
        long firstSent = sentAt.get("bench-0");
        for (int i = 0; i < warmup + samples; i++) {
            Long at = violationNanos.get("bench-" + i);
            long sent = sentAt.get("bench-" + i);
            raw.append(i).append(',').append((sent - firstSent) / 1_000_000).append(',')
                    .append(at == null ? "" : String.format(Locale.ROOT, "%.2f", (at - sent) / 1e6)).append('\n');
        }
        Files.writeString(Path.of("target", "safety-latency-raw.csv"), raw.toString());
        double[] violation = latencies(sentAt, violationNanos, warmup, samples);
        double[] stop = latencies(sentAt, stopNanos, warmup, samples);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "samples=%d (after %d warm-up), one every %d ms, over-limit memory_usage, real broker%n",
                samples, warmup, intervalMs));
        table.append(String.format(Locale.ROOT, "%-38s %8s %8s %8s %8s %8s %8s%n", "path", "received", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
        row(table, "stress.samples -> stress.violations", violation);
        row(table, "stress.samples -> stress.commands (stop)", stop);
        System.out.println(table);
        Files.writeString(Path.of("target", "safety-latency-bench.txt"), table.toString());
        assertThat(violation.length).as("violations received").isGreaterThan(samples * 9 / 10);
    }

    private static double[] latencies(Map<String, Long> sent, Map<String, Long> received, int warmup, int samples) {
        List<Double> values = new ArrayList<>();
        for (int i = warmup; i < warmup + samples; i++) {
            Long at = received.get("bench-" + i);
            if (at != null) {
                values.add((at - sent.get("bench-" + i)) / 1e6);
            }
        }
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(array);
        return array;
    }

    private static void row(StringBuilder table, String path, double[] sorted) {
        if (sorted.length == 0) {
            table.append(String.format(Locale.ROOT, "%-38s %8d%n", path, 0));
            return;
        }
        table.append(String.format(Locale.ROOT, "%-38s %8d %8.2f %8.2f %8.2f %8.2f %8.2f%n", path, sorted.length,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9), sorted[sorted.length - 1]));
    }

    private static double pct(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
