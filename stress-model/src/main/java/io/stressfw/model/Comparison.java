package io.stressfw.model;

import java.util.Locale;

/** How a rule compares a value with its limit. */
public enum Comparison {
    ABOVE(">"), AT_OR_ABOVE(">="), BELOW("<"), AT_OR_BELOW("<=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when {@code value} is on the wrong side of {@code limit}. */
    public boolean breaches(double value, double limit) {
        return switch (this) {
            case ABOVE -> value > limit;
            case AT_OR_ABOVE -> value >= limit;
            case BELOW -> value < limit;
            case AT_OR_BELOW -> value <= limit;
        };
    }

    /** True when {@code value} is far enough back inside the limit to end an active violation. */
    public boolean clears(double value, double limit, double hysteresis) {
        if (hysteresis == 0) {
            return !breaches(value, limit);
        }
        return upward() ? value <= limit - hysteresis : value >= limit + hysteresis;
    }

    public boolean upward() {
        return this == ABOVE || this == AT_OR_ABOVE;
    }

    /** Accepts the wire names and the usual aliases ({@code >}, {@code gt}, {@code max}, ...). */
    public static Comparison parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be one of above, at_or_above, below, at_or_below");
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "above", ">", "gt" -> ABOVE;
            case "at_or_above", ">=", "ge", "gte" -> AT_OR_ABOVE;
            case "below", "<", "lt" -> BELOW;
            case "at_or_below", "<=", "le", "lte" -> AT_OR_BELOW;
            default -> throw new IllegalArgumentException("unknown comparison '" + text
                    + "', expected one of above, at_or_above, below, at_or_below (or >, >=, <, <=)");
        };
    }
}
