package io.stressfw.metrics.baseline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.stressfw.metrics.aggregation.Fixtures.agent;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineCollectorTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void onlyHostSamplesInsideTheWindowCount() {
        BaselineCollector collector = new BaselineCollector(500);
        collector.start(new BaselineWindow(T0, T0 + 1_000, "request"));
        collector.accept(host("h1", T0 - 1, 100));
        collector.accept(host("h1", T0, 2));
        collector.accept(host("h1", T0 + 999, 4));
        collector.accept(agent("a1", T0 + 10, "c", null, 10, 10));
        collector.accept(host("h2", T0 + 500, 50));
        List<HostBaseline> done = collector.accept(host("h1", T0 + 1_000, 100));
        assertThat(done).extracting(HostBaseline::host).containsExactlyInAnyOrder("h1", "h2");
        HostBaseline h1 = collector.baseline("h1").orElseThrow();
        assertThat(h1.samples()).isEqualTo(2);
        assertThat(h1.mean("cpu_usage")).isEqualTo(3.0);
        assertThat(h1.metrics().get("cpu_usage").max()).isEqualTo(4.0);
        assertThat(h1.mean("temperature")).isNull();
        assertThat(collector.active()).isEmpty();
    }

    @Test
    void windowClosesByTheClockAfterTheGrace() {
        BaselineCollector collector = new BaselineCollector(500);
        collector.start(new BaselineWindow(T0, T0 + 1_000, "idle_phase"));
        collector.accept(host("h1", T0 + 10, 7));
        assertThat(collector.tick(T0 + 1_499)).isEmpty();
        assertThat(collector.tick(T0 + 1_500)).hasSize(1);
        assertThat(collector.baseline("h1").orElseThrow().reason()).isEqualTo("idle_phase");
    }

    @Test
    void aSecondWindowWaitsForTheFirstAndANewOneReplacesOldBaselines() {
        BaselineCollector collector = new BaselineCollector(0);
        assertThat(collector.start(new BaselineWindow(T0, T0 + 100, "request"))).isTrue();
        assertThat(collector.start(new BaselineWindow(T0, T0 + 100, "request"))).isFalse();
        collector.accept(host("h1", T0 + 1, 1));
        collector.tick(T0 + 100);
        assertThat(collector.start(new BaselineWindow(T0 + 200, T0 + 300, "request"))).isTrue();
        collector.accept(host("h1", T0 + 201, 9));
        collector.tick(T0 + 300);
        assertThat(collector.baseline("h1").orElseThrow().mean("cpu_usage")).isEqualTo(9.0);
    }

    @Test
    void anOpenEndedWindowCollectsUntilItIsGivenAnEnd() {
        BaselineCollector collector = new BaselineCollector(500);
        collector.start(BaselineWindow.untilEnded(T0, "idle_phase"));
        collector.accept(host("h1", T0 + 10, 2));
        assertThat(collector.tick(T0 + 3_600_000)).as("no end, no closing by the clock").isEmpty();
        assertThat(collector.accept(host("h1", T0 + 3_600_000, 4))).isEmpty();
        collector.end(T0 + 3_600_500);
        collector.end(T0 + 9_999_999);
        assertThat(collector.active().orElseThrow().endsAtMs()).as("the first end stays").isEqualTo(T0 + 3_600_500);
        assertThat(collector.tick(T0 + 3_601_000)).singleElement().satisfies(b -> {
            assertThat(b.samples()).isEqualTo(2);
            assertThat(b.endedAtMs()).isEqualTo(T0 + 3_600_500);
        });
    }

    @Test
    void rejectsEmptyOrBackwardWindows() {
        assertThatThrownBy(() -> new BaselineWindow(T0, T0, "request")).hasMessageContaining("end after");
        assertThatThrownBy(() -> new BaselineCollector(-1)).hasMessageContaining("grace");
    }
}
