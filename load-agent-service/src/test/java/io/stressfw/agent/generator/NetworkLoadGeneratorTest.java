package io.stressfw.agent.generator;

import io.stressfw.model.LoadLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NetworkLoadGeneratorTest {
    private final LoadThreads loadThreads = new LoadThreads();
    private DiscardSink sink;
    private NetworkLoadGenerator network;

    @BeforeEach
    void startSink() {
        sink = new DiscardSink(loadThreads, 0);
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
        network = generator(sink.address(), 16, 2, 60_000, Long.MAX_VALUE);
        network.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> network.bytesSent() > 0);
        long start = System.nanoTime();
        long before = network.bytesSent();
        // A measurement window: the rate below is over its measured length, however late it ends.
        Thread.sleep(1500);
        long after = network.bytesSent();
        double seconds = (System.nanoTime() - start) / 1e9;
        double mbps = (after - before) * 8 / seconds / 1e6;
        // 8 Mbps over the window plus at most the bucket's 50 ms burst and one write.
        assertThat(mbps).isGreaterThan(0.5).isLessThan(8.8);
        assertThat(network.openConnections()).isBetween(1, 2);
        await().atMost(Duration.ofSeconds(1)).until(() -> sink.bytesReceived() > 0);
    }

    @Test
    void sendsEvenWhenOneWriteIsMoreThanTheBurstAllows() {
        // 0.5 Mbps: 50 ms of it is 3125 bytes, less than one 16 KiB write.
        network = generator(sink.address(), 1, 1, 60_000, Long.MAX_VALUE);
        network.setTarget(50);
        await().atMost(Duration.ofSeconds(3)).until(() -> network.bytesSent() >= 2L * NetworkLoadGenerator.WRITE_BYTES);
    }

    @Test
    void stopsByItselfAtItsByteBoundAndStaysStoppedUntilRearmed() {
        network = generator(sink.address(), 50, 1, 60_000, 64 * 1024);
        network.setTarget(100);
        await().atMost(Duration.ofSeconds(2)).until(network::exhausted);
        assertThat(network.lastStopReason()).contains("byte bound");
        network.setTarget(100);
        assertThat(network.targetPercent()).isZero();
        // Stays stopped: no byte beyond the bound and every connection closed, all along.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() ->
                network.bytesSent() <= 64 * 1024 + NetworkLoadGenerator.WRITE_BYTES && network.openConnections() == 0);
        network.rearm();
        network.setTarget(100);
        await().atMost(Duration.ofSeconds(2)).until(() -> network.bytesSent() > 64 * 1024);
    }

    @Test
    void stopsByItselfAtItsTimeBound() {
        network = generator(sink.address(), 1, 1, 300, Long.MAX_VALUE);
        network.setTarget(50);
        await().atMost(Duration.ofSeconds(2)).until(network::exhausted);
        assertThat(network.lastStopReason()).contains("time bound");
        assertThat(network.notes()).containsEntry("network", network.lastStopReason());
    }

    @Test
    void closesEveryConnectionOnStop() {
        network = generator(sink.address(), 8, 3, 60_000, Long.MAX_VALUE);
        network.setTarget(100);
        await().atMost(Duration.ofSeconds(2)).until(() -> network.openConnections() == 3);
        assertThat(network.held()).isEqualTo(new HeldResources(1, 0, 3, 0));
        network.stopNow();
        assertThat(network.openConnections()).isZero();
        await().atMost(Duration.ofSeconds(1)).until(() -> network.activeThreads() == 0 && sink.openConnections() == 0);
    }

    @Test
    void aSinkOnEveryInterfaceIsReachedOverLoopbackByItsOwnAgent() throws Exception {
        try (DiscardSink wide = new DiscardSink(loadThreads, java.net.InetAddress.getByName("0.0.0.0"), 0)) {
            assertThat(wide.address().getAddress().isLoopbackAddress()).isTrue();
            network = generator(wide.address(), 8, 1, 60_000, Long.MAX_VALUE);
            network.setTarget(100);
            await().atMost(Duration.ofSeconds(2)).until(() -> wide.bytesReceived() > 0);
            network.stopNow();
        }
    }

    @Test
    void aCommandLimitNeverRaisesTheBandwidth() {
        network = generator(sink.address(), 8, 1, 60_000, Long.MAX_VALUE);
        network.applyLimits(new LoadLimits(null, null, 1000.0, null));
        assertThat(network.cap()).isEqualTo(8);
        network.applyLimits(new LoadLimits(null, null, 2.0, null));
        assertThat(network.cap()).isEqualTo(2);
    }

    @Test
    void reportsTheRateOfEachLinkAndMovesToNewTargetsAtOnce() {
        try (DiscardSink other = new DiscardSink(loadThreads, 0)) {
            network = NetworkLoadGenerator.builder(loadThreads, List.of(sink.address(), other.address())).bandwidthMbps(16)
                    .poolSize(2).build();
            network.setTarget(100);
            await().atMost(Duration.ofSeconds(3)).until(() -> sink.bytesReceived() > 0 && other.bytesReceived() > 0);
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(network.links())
                    .extracting(NetworkLoadGenerator.LinkReading::mbps).allSatisfy(mbps -> assertThat(mbps).isGreaterThan(1)));
            assertThat(network.links()).extracting(NetworkLoadGenerator.LinkReading::target).containsExactly(
                    "127.0.0.1:" + sink.address().getPort(), "127.0.0.1:" + other.address().getPort());

            network.useTargets(List.of(other.address()));

            long sinkBefore = sink.bytesReceived();
            await().atMost(Duration.ofSeconds(3)).until(() -> sink.openConnections() == 0);
            long otherBefore = other.bytesReceived();
            await().atMost(Duration.ofSeconds(3)).until(() -> other.bytesReceived() > otherBefore + 64 * 1024);
            assertThat(sink.bytesReceived()).as("no more to the old target").isLessThanOrEqualTo(sinkBefore + 2L * 16 * 1024);
            assertThat(network.links()).extracting(NetworkLoadGenerator.LinkReading::target)
                    .containsExactly("127.0.0.1:" + other.address().getPort());
        }
    }

    @Test
    void twoAgentsOfOneScopeEachSendHalfTheScopesBandwidth() throws InterruptedException {
        SettableShare share = new SettableShare();
        share.share = 0.5;
        network = NetworkLoadGenerator.builder(loadThreads, List.of(sink.address())).bandwidthMbps(16).poolSize(1)
                .share(share).build();
        network.setTarget(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> network.bytesSent() > 0);
        long start = System.nanoTime();
        long before = network.bytesSent();
        Thread.sleep(1500);
        double mbps = (network.bytesSent() - before) * 8 / ((System.nanoTime() - start) / 1e9) / 1e6;
        // 8 Mbps (half of 16) plus at most the bucket's 50 ms burst and one write.
        assertThat(mbps).isGreaterThan(0.5).isLessThan(8.8);
        assertThat(network.ownCap()).isEqualTo(8);
    }

    private NetworkLoadGenerator generator(InetSocketAddress target, double mbps, int poolSize, long maxRunMillis,
                                           long maxRunBytes) {
        return NetworkLoadGenerator.builder(loadThreads, List.of(target)).bandwidthMbps(mbps).poolSize(poolSize)
                .maxRunMillis(maxRunMillis).maxRunBytes(maxRunBytes).build();
    }
}
