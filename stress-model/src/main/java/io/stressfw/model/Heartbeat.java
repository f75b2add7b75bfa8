package io.stressfw.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/** A service instance announcing itself on {@link Topics#HEARTBEATS}, keyed by instance id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Heartbeat(
        int version,
        String instanceId,
        ServiceKind kind,
        String serviceVersion,
        String host,
        long startedAtMs,
        long timestampMs,
        Map<String, Object> capabilities) implements Versioned {

    public Heartbeat {
        Checks.notBlank(instanceId, "instance_id");
        Checks.notNull(kind, "kind");
        Checks.notBlank(host, "host");
        capabilities = Checks.copyOf(capabilities);
    }
}
