package io.stressfw.safety.breaker;

import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BreakerRegistryTest {
    private final BreakerRegistry registry = new BreakerRegistry(1_000, 0);

    @Test
    void oneBreakerPerRuleAndSourceListedInTheOrderFirstNeeded() {
        CircuitBreaker cpu = registry.obtain("cpu", "h2", 0);
        assertThat(registry.obtain("cpu", "h2", 50)).isSameAs(cpu);
        registry.obtain("memory", "h1", 10);
        registry.obtain("cpu", "h1", 20);
        assertThat(registry.views()).extracting(BreakerView::breakerId).containsExactly("cpu@h2", "memory@h1", "cpu@h1");
        assertThat(registry.ofSource("h1")).extracting(CircuitBreaker::id).containsExactly("memory@h1", "cpu@h1");
        assertThat(registry.get("cpu@h2")).isSameAs(cpu);
        assertThat(registry.get("nope@h2")).isNull();
    }

    @Test
    void tickHalfOpensBreakersWhoseCooldownIsOver() {
        registry.obtain("cpu", "h1", 0).trip(0, "hot");
        assertThat(registry.tick(999, id -> true)).isEmpty();
        assertThat(registry.tick(1_000, id -> true)).singleElement()
                .extracting(BreakerTransition::to).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void aHalfOpenBreakerOfARuleNoLongerInForceCloses() {
        registry.obtain("phase:light:cpu_usage", "h1", 0).trip(0, "hot");
        registry.obtain("cpu", "h1", 0).trip(0, "hot");
        Set<String> inForce = Set.of("cpu");
        assertThat(registry.tick(1_000, inForce::contains)).extracting(t -> t.breakerId() + " " + t.to().wireName())
                .containsExactly("phase:light:cpu_usage@h1 half_open", "phase:light:cpu_usage@h1 closed", "cpu@h1 half_open");
    }

    @Test
    void onlyClosedBreakersAreForgotten() {
        CircuitBreaker open = registry.obtain("cpu", "h1", 0);
        open.trip(0, "hot");
        CircuitBreaker closed = registry.obtain("memory", "h1", 0);
        registry.forgetIfClosed(open);
        registry.forgetIfClosed(closed);
        assertThat(registry.views()).extracting(BreakerView::breakerId).containsExactly("cpu@h1");
    }

    @Test
    void countsAndOpenBreakersReflectEveryState() {
        assertThat(registry.counts()).isEqualTo(Map.of(BreakerState.CLOSED, 0, BreakerState.OPEN, 0, BreakerState.HALF_OPEN, 0));
        registry.obtain("cpu", "h1", 0).trip(0, "hot");
        registry.obtain("memory", "h1", 0);
        assertThat(registry.counts()).isEqualTo(Map.of(BreakerState.CLOSED, 1, BreakerState.OPEN, 1, BreakerState.HALF_OPEN, 0));
        assertThat(registry.open()).singleElement().satisfies(b -> {
            assertThat(b.breakerId()).isEqualTo("cpu@h1");
            assertThat(b.openUntilMs()).isEqualTo(1_000);
        });
    }
}
