package io.stressfw.safety.breaker;

import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every breaker, one per rule and source, in the order they were first needed (so that REST lists them, and
 * pre-flight reports the open ones, in a stable order). A breaker outlives the silence of its source unless it is
 * CLOSED: a source that comes back finds its OPEN breaker still open. Not thread-safe.
 */
public final class BreakerRegistry {
    private final long cooldownMs;
    private final long healthyPeriodMs;
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();

    public BreakerRegistry(long cooldownMs, long healthyPeriodMs) {
        this.cooldownMs = cooldownMs;
        this.healthyPeriodMs = healthyPeriodMs;
    }

    /** The breaker of {@code ruleId} on {@code sourceId}, created CLOSED at {@code nowMs} the first time. */
    public CircuitBreaker obtain(String ruleId, String sourceId, long nowMs) {
        return breakers.computeIfAbsent(CircuitBreaker.idOf(ruleId, sourceId),
                id -> new CircuitBreaker(ruleId, sourceId, cooldownMs, healthyPeriodMs, nowMs));
    }

    /** Null when there is no breaker of that id. */
    public CircuitBreaker get(String breakerId) {
        return breakers.get(breakerId);
    }

    /** The breakers of one source, for a source seen again after it was forgotten. */
    public List<CircuitBreaker> ofSource(String sourceId) {
        List<CircuitBreaker> found = new ArrayList<>(2);
        for (CircuitBreaker breaker : breakers.values()) {
            if (breaker.sourceId().equals(sourceId)) {
                found.add(breaker);
            }
        }
        return found;
    }

    /** Drops the breaker if it is CLOSED: a forgotten source keeps only the breakers that still mean something. */
    public void forgetIfClosed(CircuitBreaker breaker) {
        if (breaker.state() == BreakerState.CLOSED) {
            breakers.remove(breaker.id());
        }
    }

    /**
     * Time passes: OPEN breakers whose cooldown is over half-open, and a HALF_OPEN breaker of a rule no longer in
     * force (a phase that ended) closes, since nothing will ever report it healthy.
     */
    public List<BreakerTransition> tick(long nowMs, Predicate<String> ruleInForce) {
        List<BreakerTransition> transitions = new ArrayList<>(0);
        for (CircuitBreaker breaker : breakers.values()) {
            add(transitions, breaker.tick(nowMs));
            if (breaker.state() == BreakerState.HALF_OPEN && !ruleInForce.test(breaker.ruleId())) {
                add(transitions, breaker.reset(nowMs, "rule no longer in force"));
            }
        }
        return transitions;
    }

    public List<BreakerView> views() {
        return breakers.values().stream().map(CircuitBreaker::view).toList();
    }

    public List<BreakerView> open() {
        return breakers.values().stream().filter(b -> b.state() == BreakerState.OPEN).map(CircuitBreaker::view).toList();
    }

    /** How many breakers are in each state; every state is present. */
    public Map<BreakerState, Integer> counts() {
        Map<BreakerState, Integer> counts = new EnumMap<>(BreakerState.class);
        for (BreakerState state : BreakerState.values()) {
            counts.put(state, 0);
        }
        breakers.values().forEach(b -> counts.merge(b.state(), 1, Integer::sum));
        return counts;
    }

    private static void add(List<BreakerTransition> transitions, BreakerTransition transition) {
        if (transition != null) {
            transitions.add(transition);
        }
    }
}
