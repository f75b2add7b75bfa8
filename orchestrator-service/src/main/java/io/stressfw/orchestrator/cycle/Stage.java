package io.stressfw.orchestrator.cycle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum Stage {
    RAMP_UP, HOLD, RAMP_DOWN, DONE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
