package io.stressfw.model;

/**
 * A value a user wrote that cannot be used, with the field as the user wrote it ({@code safety_thresholds.cpu_usage.for},
 * {@code probes.checkout.timeout}, {@code rules[2].limit}) and the reason; the message is {@code "<field>: <reason>"}
 * (the reason alone when there is no field, as when the caller names it, as Jackson does with its path). Each grammar
 * has its own subtype, so that a caller can tell which one refused.
 */
public abstract class ValueFormatException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    protected ValueFormatException(String field, String reason) {
        super(field == null || field.isEmpty() ? reason : field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
