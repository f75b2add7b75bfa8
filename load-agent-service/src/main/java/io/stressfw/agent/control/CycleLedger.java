package io.stressfw.agent.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest sequence the agent applied or stopped for each of its most recently used cycles, so that an older
 * command of a cycle cannot undo a newer one. Bounded: a cycle unused for {@value #REMEMBERED_CYCLES} others is
 * forgotten. Not thread-safe; the controller's lock guards it.
 */
final class CycleSequences {
    private static final int REMEMBERED_CYCLES = 64;
    private final Map<String, Long> last = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_CYCLES;
        }
    };

    /** The last sequence applied or stopped for the cycle, null when none is remembered. */
    Long last(String cycleId) {
        return last.get(cycleId);
    }

    void applied(String cycleId, long sequence) {
        last.put(cycleId, sequence);
    }

    /** A stop of the cycle at {@code sequence}: commands of the cycle up to it no longer load. */
    void stopped(String cycleId, long sequence) {
        last.merge(cycleId, sequence, Math::max);
    }
}
