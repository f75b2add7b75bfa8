package io.stressfw.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long or over what a rule looks before it fires: {@code for 500ms} (every sample over the limit for that long)
 * or an aggregate of the samples in a sliding window ({@code p95 over 5s}, {@code mean over 5s}, {@code max over 5s},
 * {@code min over 5s}).
 */
public record RuleWindow(Kind kind, Duration length) {
    private static final Duration MAX_LENGTH = Duration.ofHours(1);
    private static final Pattern AGGREGATE = Pattern.compile("(p95|p99|p50|mean|avg|max|min)\\s+over\\s+(.+)");

    public enum Kind {
        FOR, MEAN, P50, P95, P99, MAX, MIN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean aggregate() {
            return this != FOR;
        }
    }

    public RuleWindow {
        if (kind == null) {
            throw new IllegalArgumentException("window kind is required");
        }
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window length must be > 0");
        }
        if (length.compareTo(MAX_LENGTH) > 0) {
            throw new IllegalArgumentException("window length must be at most 1h, was " + Durations.format(length));
        }
    }

    public static RuleWindow continuously(Duration length) {
        return new RuleWindow(Kind.FOR, length);
    }

    /** Parses {@code p95 over 5s}, {@code mean over 500ms}, ... */
    public static RuleWindow parseAggregate(String text) {
        if (text == null) {
            throw new IllegalArgumentException("window must not be blank");
        }
        Matcher m = AGGREGATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a window; expected '<p50|p95|p99|mean|max|min> over <duration>'");
        }
        Kind kind = switch (m.group(1)) {
            case "avg", "mean" -> Kind.MEAN;
            default -> Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        };
        return new RuleWindow(kind, Durations.parse(m.group(2)));
    }

    /** {@code for 2s} or {@code p95 over 5s}. */
    public String describe() {
        return kind == Kind.FOR ? "for " + Durations.format(length) : kind.wireName() + " over " + Durations.format(length);
    }
}
