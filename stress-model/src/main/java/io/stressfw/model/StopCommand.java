package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Stops load on every agent: {@code graceful} ramps down, {@code emergency} drops every generator to zero at once. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StopCommand(
        int version,
        String commandId,
        String cycleId,
        long sequence,
        long issuedAtMs,
        StopMode mode,
        String reason,
        String issuedBy) implements Command {

    public StopCommand {
        Checks.notBlank(commandId, "command_id");
        Checks.notNull(mode, "mode");
        Checks.notBlank(reason, "reason");
        Checks.notBlank(issuedBy, "issued_by");
    }
}
