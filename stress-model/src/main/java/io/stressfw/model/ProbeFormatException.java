package io.stressfw.model;

/**
 * A plan's {@code probes:} or {@code slo:} entry that cannot be used, with the field as the user wrote it
 * ({@code probes.checkout.timeout}) and the reason; the message is {@code "<field>: <reason>"}.
 */
public final class ProbeFormatException extends ValueFormatException {
    public ProbeFormatException(String field, String reason) {
        super(field, reason);
    }
}
