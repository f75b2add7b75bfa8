package io.stressfw.plan;

/**
 * The seed's {@code logging:} block: {@code level} (DEBUG, INFO, WARNING, ERROR, CRITICAL) and the handlers
 * {@code - file: path} and {@code - console: true|false}. Null level: the service's own; null file: none.
 */
public record LoggingSpec(String level, String file, boolean console) {
    public static final LoggingSpec NONE = new LoggingSpec(null, null, true);

    /** The JBoss/Quarkus level name for the seed's Python level. */
    public String quarkusLevel() {
        if (level == null) {
            return null;
        }
        return switch (level) {
            case "WARNING" -> "WARN";
            case "CRITICAL" -> "FATAL";
            default -> level;
        };
    }
}
