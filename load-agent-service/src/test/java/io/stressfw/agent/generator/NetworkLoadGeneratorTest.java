package io.stressfw.agent.generator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NetworkLoadGeneratorTest {
    private DiscardSink sink;
    private NetworkLoadGenerator network;

    @BeforeEach
    void startSink() {
        sink = new DiscardSink(0);
    }

    @AfterEach
    void stop() {
        if (network != null) {
            network.stopNow();
        }
        sink.close();
    }

    @Test
    void sendsButNeverFasterThanTheTargetShareOfTheBandwidth() throws InterruptedException {
        network = new NetworkLoadGenerator(List.of(sink.address()), 16, 2, 60_000, Long.MAX_VALUE);
        network.setTarget(50);
        Thread.sleep(300);
        long before = network.bytesSent();
        Thread.sleep(1500);
        double mbps = (network.bytesSent() - before) * 8 / 1.5 / 1e6;
        // 8 Mbps for 1.5 s plus at most the bucket's 50 ms burst and one write.
        assertThat(mbps).isGreaterThan(0.5).isLessThan(8.8);
        assertThat(network.openConnections()).isBetween(1, 2);
        await().atMost(Duration.ofSeconds(1)).until(() -> sink.bytesReceived() > 0);
    }

    @Test
    void stopsByItselfAtItsByteBoundAndStaysStoppedUntilRearmed() throws InterruptedException {
        network = new NetworkLoadGenerator(List.of(sink.address()), 50, 1, 60_000, 64 * 1024);
        network.setTarget(100);
        await().atMost(Duration.ofSeconds(2)).until(network::exhausted);
        assertThat(network.lastStopReason()).contains("byte bound");
        network.setTarget(100);
        Thread.sleep(200);
        assertThat(network.bytesSent()).isLessThanOrEqualTo(64 * 1024 + NetworkLoadGenerator.WRITE_BYTES);
        assertThat(network.openConnections()).isZero();
        network.rearm();
        network.setTarget(100);
        await().atMost(Duration.ofSeconds(2)).until(() -> network.bytesSent() > 64 * 1024);
    }

    @Test
    void stopsByItselfAtItsTimeBound() {
        network = new NetworkLoadGenerator(List.of(sink.address()), 1, 1, 300, Long.MAX_VALUE);
        network.setTarget(50);
        await().atMost(Duration.ofSeconds(2)).until(network::exhausted);
        assertThat(network.lastStopReason()).contains("time bound");
    }

    @Test
    void closesEveryConnectionOnStop() {
        network = new NetworkLoadGenerator(List.of(sink.address()), 8, 3, 60_000, Long.MAX_VALUE);
        network.setTarget(100);
        await().atMost(Duration.ofSeconds(2)).until(() -> network.openConnections() == 3);
        network.stopNow();
        assertThat(network.openConnections()).isZero();
        await().atMost(Duration.ofSeconds(1)).until(() -> network.activeThreads() == 0 && sink.openConnections() == 0);
    }

    @Test
    void aSinkOnEveryInterfaceIsReachedOverLoopbackByItsOwnAgent() throws Exception {
        try (DiscardSink wide = new DiscardSink(java.net.InetAddress.getByName("0.0.0.0"), 0)) {
            assertThat(wide.address().getAddress().isLoopbackAddress()).isTrue();
            network = new NetworkLoadGenerator(List.of(wide.address()), 8, 1, 60_000, Long.MAX_VALUE);
            network.setTarget(100);
            await().atMost(Duration.ofSeconds(2)).until(() -> wide.bytesReceived() > 0);
            network.stopNow();
        }
    }

    @Test
    void aCommandLimitNeverRaisesTheBandwidth() {
        network = new NetworkLoadGenerator(List.of(sink.address()), 8, 1, 60_000, Long.MAX_VALUE);
        network.limitCap(1000.0);
        assertThat(network.cap()).isEqualTo(8);
        network.limitCap(2.0);
        assertThat(network.cap()).isEqualTo(2);
    }
}
