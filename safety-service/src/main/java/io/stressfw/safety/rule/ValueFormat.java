package io.stressfw.safety.rule;

import java.util.Locale;

/** Measured values as messages show them: at most two decimals, no trailing zeros ({@code 97}, {@code 2.15}). */
public final class ValueFormat {
    private ValueFormat() {
    }

    public static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }
}
