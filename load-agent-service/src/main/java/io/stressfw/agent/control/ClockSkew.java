package io.stressfw.agent.control;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How far the agent's wall clock is from the orchestrator's, as seen from the commands: the agent's wall clock when a
 * command arrives minus the command's {@code issued_at_ms}. That includes the command's transit (the broker, the
 * consumer's poll), which only ever adds, so the estimate is the smallest such difference over the last
 * {@value #WINDOW} commands: one late delivery does not count as skew. Diagnostics only: leases do not depend on it.
 * Above {@value #WARN_MS} ms either way it is logged once (and again when it comes back) and noted in the status.
 * The controller's lock guards {@link #observe}; the estimate is read without it (heartbeats, gauges), so that a
 * stuck tick holding the lock blocks none of them.
 */
final class ClockSkew {
    static final int WINDOW = 16;
    static final long WARN_MS = 1_000;
    private static final System.Logger LOG = System.getLogger(ClockSkew.class.getName());

    private final String agentId;
    private final Deque<Long> differences = new ArrayDeque<>();
    private volatile Long estimate;
    private boolean warned;

    ClockSkew(String agentId) {
        this.agentId = agentId;
    }

    /** One command arrived {@code arrivalWallMs - issuedAtMs} ms after it was issued, by the two wall clocks. */
    void observe(long arrivalWallMs, long issuedAtMs) {
        differences.addLast(arrivalWallMs - issuedAtMs);
        if (differences.size() > WINDOW) {
            differences.removeFirst();
        }
        Long skew = differences.stream().min(Long::compare).orElseThrow();
        estimate = skew;
        boolean large = Math.abs(skew) > WARN_MS;
        if (large && !warned) {
            LOG.log(System.Logger.Level.WARNING, "Agent " + agentId + ": " + describe(skew) + "; leases run on the "
                    + "agent's monotonic clock and are not affected, but compare timestamps across hosts with care");
        } else if (!large && warned) {
            LOG.log(System.Logger.Level.INFO, "Agent " + agentId + ": wall clock within " + WARN_MS
                    + " ms of the orchestrator's again (" + skew + " ms, transit included)");
        }
        warned = large;
    }

    /** The estimate in ms (positive: the agent's clock is ahead), null before the first command. */
    Long skewMs() {
        return estimate;
    }

    /** The status note when the skew is over the warning bound, else null. */
    String note() {
        Long skew = skewMs();
        return skew != null && Math.abs(skew) > WARN_MS ? describe(skew) : null;
    }

    private static String describe(long skewMs) {
        return "wall clock " + Math.abs(skewMs) + " ms " + (skewMs > 0 ? "ahead of" : "behind")
                + " the orchestrator's (transit included)";
    }
}
