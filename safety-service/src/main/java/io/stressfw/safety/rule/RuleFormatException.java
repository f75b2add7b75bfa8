package io.stressfw.safety.rule;

import io.stressfw.model.ValueFormatException;

/** A rule definition that cannot be used; {@link #field()} names the offending field ({@code rules[2].limit}). */
public final class RuleFormatException extends ValueFormatException {
    public RuleFormatException(String field, String reason) {
        super(field, reason);
    }
}
