package io.stressfw.orchestrator.cycle;

/** A start while a cycle runs, or an adjustment while none does. */
public final class CycleConflictException extends RuntimeException {
    public CycleConflictException(String message) {
        super(message);
    }
}
