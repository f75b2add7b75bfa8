package io.stressfw.model;

/**
 * A threshold that cannot be used, with the field as the user wrote it ({@code safety_thresholds.cpu_usage.for})
 * and the reason; the message is {@code "<field>: <reason>"} (the reason alone when the caller names the field, as
 * Jackson does with its path).
 */
public final class ThresholdFormatException extends ValueFormatException {
    public ThresholdFormatException(String field, String reason) {
        super(field, reason);
    }
}
