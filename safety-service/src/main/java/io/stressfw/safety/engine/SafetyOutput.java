package io.stressfw.safety.engine;

import io.stressfw.model.BreakerTransition;
import io.stressfw.model.StopCommand;
import io.stressfw.model.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * What the engine decided on one input: violations and breaker transitions for {@code stress.violations}, emergency
 * stops for {@code stress.commands}, and notes on input it could not use. Mutable while the engine fills it.
 */
public final class SafetyOutput {
    private List<Violation> violations;
    private List<BreakerTransition> transitions;
    private List<StopCommand> stops;
    private List<String> notes;

    public List<Violation> violations() {
        return violations == null ? List.of() : violations;
    }

    public List<BreakerTransition> transitions() {
        return transitions == null ? List.of() : transitions;
    }

    public List<StopCommand> stops() {
        return stops == null ? List.of() : stops;
    }

    public List<String> notes() {
        return notes == null ? List.of() : notes;
    }

    public boolean isEmpty() {
        return violations == null && transitions == null && stops == null && notes == null;
    }

    void add(Violation violation) {
        if (violations == null) {
            violations = new ArrayList<>(2);
        }
        violations.add(violation);
    }

    void add(BreakerTransition transition) {
        if (transition == null) {
            return;
        }
        if (transitions == null) {
            transitions = new ArrayList<>(2);
        }
        transitions.add(transition);
    }

    void add(StopCommand stop) {
        if (stops == null) {
            stops = new ArrayList<>(1);
        }
        stops.add(stop);
    }

    void note(String note) {
        if (notes == null) {
            notes = new ArrayList<>(1);
        }
        notes.add(note);
    }
}
