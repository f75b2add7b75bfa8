package io.stressfw.model;

/**
 * A plan's {@code probes:} or {@code slo:} entry that cannot be used, with the field as the user wrote it
 * ({@code probes.checkout.timeout}) and the reason; the message is {@code "<field>: <reason>"}.
 */
public final class ProbeFormatException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public ProbeFormatException(String field, String reason) {
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
