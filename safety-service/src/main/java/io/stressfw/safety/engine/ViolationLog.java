package io.stressfw.safety.engine;

import io.stressfw.model.Checks;
import io.stressfw.model.Violation;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent violations, newest first, for {@code GET /safety/violations}; the oldest go beyond the capacity. */
public final class ViolationLog {
    private final int capacity;
    private final ArrayDeque<Violation> recent = new ArrayDeque<>();

    public ViolationLog(int capacity) {
        Checks.positive(capacity, "capacity");
        this.capacity = capacity;
    }

    public void add(Violation violation) {
        recent.addFirst(violation);
        while (recent.size() > capacity) {
            recent.removeLast();
        }
    }

    /** At most {@code limit} violations, newest first. */
    public List<Violation> recent(int limit) {
        Checks.positive(limit, "limit");
        return recent.stream().limit(limit).toList();
    }
}
