package io.stressfw.metrics.sampling;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class HostSamplePublisherTest {

    @Test
    void anUnreachableBrokerNeverHoldsTheSamplingThreadLongerThanItsBlockBound() throws Exception {
        List<Exception> failures = new CopyOnWriteArrayList<>();
        // A port held by a socket that never listens: refused, and no broker of a parallel build can take it meanwhile.
        try (Socket held = new Socket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Map<String, Object> kafka = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + held.getLocalPort());
            try (HostSamplePublisher publisher = new HostSamplePublisher(kafka, "test-samples", failures::add)) {
                for (int i = 0; i < 5; i++) {
                    publisher.publish("host-a", "{}");
                    // Reported before publish returned: the send gave up on the calling thread, nothing is pending.
                    assertThat(failures).hasSize(i + 1);
                }
            }
        }
        // Kafka's default would hold each send for 60 s; a 100 ms sampling interval needs far less. The producer's own
        // timeout says how long it waited, so the bound is checked without timing the calls on a busy machine.
        assertThat(failures).hasSize(5).allSatisfy(e -> assertThat(e).hasMessageContaining("metadata")
                .hasMessageContaining("after " + HostSamplePublisher.MAX_BLOCK_MS + " ms"));
        assertThat(HostSamplePublisher.MAX_BLOCK_MS).isLessThan(100);
    }

    @Test
    void keepsTheBrokerSettingsAndFixesWhatMakesASampleCountOnce() {
        Map<String, Object> config = HostSamplePublisher.producerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092", "security.protocol", "SASL_SSL",
                ProducerConfig.RETRIES_CONFIG, 5), "host-samples-a");
        assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.RETRIES_CONFIG, 0)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "host-samples-a")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, HostSamplePublisher.MAX_BLOCK_MS);
    }
}
