package io.stressfw.safety.rule;

/** A rule definition that cannot be used; {@link #field()} names the offending field ({@code rules[2].limit}). */
public final class RuleFormatException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public RuleFormatException(String field, String reason) {
        super(field + ": " + reason);
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
