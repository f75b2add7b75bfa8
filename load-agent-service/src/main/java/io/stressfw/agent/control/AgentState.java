package io.stressfw.agent.control;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** idle: never loaded; running: following a phase command; stopping: graceful ramp to zero; stopped: after any stop. */
public enum AgentState {
    IDLE, RUNNING, STOPPING, STOPPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
