package io.stressfw.orchestrator.cycle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What the orchestrator is doing: {@code idle}, {@code running}, {@code stopping} (graceful ramp-down). */
public enum CycleState {
    IDLE, RUNNING, STOPPING, COMPLETED, ABORTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
