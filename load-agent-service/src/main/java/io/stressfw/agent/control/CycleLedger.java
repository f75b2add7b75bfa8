package io.stressfw.agent.control;

import io.stressfw.model.PhaseCommand;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent remembers of each of its most recently used cycles: the last sequence and epoch it applied, and
 * whether it stopped during the cycle. A command older than the last applied is ignored. A stop of any kind
 * (violation, emergency or graceful stop, lease expiry, lost broker, stalled control loop, unreadable command) holds
 * for the cycle at the highest epoch seen: renewals and ramp steps of that epoch never load again, only a command of
 * a higher epoch (a new phase, an operator's adjustment) does. Bounded: a cycle unused for {@value #REMEMBERED_CYCLES}
 * others is forgotten. Not thread-safe; the controller's lock guards it.
 */
final class CycleLedger {
    private static final int REMEMBERED_CYCLES = 64;

    private static final class Entry {
        long sequence = Long.MIN_VALUE;
        long epoch = Long.MIN_VALUE;
        /** The epoch at which the cycle stopped (null: not stopped), and why. */
        Long stoppedEpoch;
        String stopReason;
    }

    private final Map<String, Entry> cycles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > REMEMBERED_CYCLES;
        }
    };

    /** Why {@code command} must not be applied, or null when it may be. */
    String refusal(PhaseCommand command) {
        Entry entry = cycles.get(command.cycleId());
        if (entry == null) {
            return null;
        }
        if (command.sequence() < entry.sequence) {
            return "sequence " + command.sequence() + " is older than " + entry.sequence + " already applied for cycle "
                    + command.cycleId();
        }
        if (command.epoch() < entry.epoch) {
            return "epoch " + command.epoch() + " is older than " + entry.epoch + " already applied for cycle "
                    + command.cycleId();
        }
        if (entry.stoppedEpoch != null && command.epoch() <= entry.stoppedEpoch) {
            return "cycle " + command.cycleId() + " stopped at epoch " + entry.stoppedEpoch + " (" + entry.stopReason
                    + "); only a command of a higher epoch (a new phase or an operator's adjustment) loads again";
        }
        return null;
    }

    void applied(PhaseCommand command) {
        Entry entry = cycles.computeIfAbsent(command.cycleId(), id -> new Entry());
        entry.sequence = Math.max(entry.sequence, command.sequence());
        entry.epoch = Math.max(entry.epoch, command.epoch());
    }

    /** A stop during the cycle: it holds at the highest epoch applied so far (0 when none was). */
    void stopped(String cycleId, String reason) {
        Entry entry = cycles.computeIfAbsent(cycleId, id -> new Entry());
        long epoch = Math.max(0, entry.epoch);
        if (entry.stoppedEpoch == null || epoch >= entry.stoppedEpoch) {
            entry.stoppedEpoch = epoch;
            entry.stopReason = reason;
        }
    }

    /** The epoch the cycle stopped at, or null when it did not stop (or is forgotten). */
    Long stoppedEpoch(String cycleId) {
        Entry entry = cycles.get(cycleId);
        return entry == null ? null : entry.stoppedEpoch;
    }
}
