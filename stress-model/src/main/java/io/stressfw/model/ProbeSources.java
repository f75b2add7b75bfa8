package io.stressfw.model;

/**
 * The source ids (and Kafka keys) of probe samples: {@code probe:<name>} from the orchestrator, and
 * {@code probe:<name>@<agent>} from each agent that runs a {@code run_on: agents} probe, so that safety's breakers,
 * the metrics' aggregates and the dashboard keep each node's view of the service apart.
 */
public final class ProbeSources {
    public static final String PREFIX = "probe:";

    private ProbeSources() {
    }

    /** {@code probe:checkout}: the orchestrator's probe. */
    public static String orchestrator(String probe) {
        return PREFIX + Checks.notBlank(probe, "probe");
    }

    /** {@code probe:checkout@agent-1}: the probe as agent {@code agent} runs it. */
    public static String agent(String probe, String agent) {
        return orchestrator(probe) + "@" + Checks.notBlank(agent, "agent");
    }

    /** The probe a probe source runs ({@code checkout} of {@code probe:checkout@agent-1}), or null for another source. */
    public static String probeOf(String sourceId) {
        if (sourceId == null || !sourceId.startsWith(PREFIX)) {
            return null;
        }
        int at = sourceId.indexOf('@');
        return sourceId.substring(PREFIX.length(), at < 0 ? sourceId.length() : at);
    }

    /** The agent a probe source runs on, or null for the orchestrator's (or another source). */
    public static String agentOf(String sourceId) {
        if (sourceId == null || !sourceId.startsWith(PREFIX)) {
            return null;
        }
        int at = sourceId.indexOf('@');
        return at < 0 ? null : sourceId.substring(at + 1);
    }
}
