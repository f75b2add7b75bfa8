package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A message some consumer could not read, forwarded to {@link Topics#DLQ} with where it came from and why. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        int version,
        long timestampMs,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String payload,
        String reason,
        String consumer) implements Versioned {
}
