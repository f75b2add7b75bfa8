package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A command on {@link Topics#COMMANDS}. Every agent replica receives every command (broadcast: each replica
 * consumes with its own group id). The {@code type} property tells the kind: {@code phase} or {@code stop}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PhaseCommand.class, name = "phase"),
        @JsonSubTypes.Type(value = StopCommand.class, name = "stop")
})
public sealed interface Command extends Versioned permits PhaseCommand, StopCommand {
    String commandId();

    /** The cycle it belongs to; null for a stop that is not tied to a cycle (an operator's or safety's). */
    String cycleId();

    /** Grows with every command the issuer sends for a cycle; agents ignore a sequence lower than the last applied. */
    long sequence();

    long issuedAtMs();
}
