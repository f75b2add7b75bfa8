package io.stressfw.orchestrator.history;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A history store in memory for tests and benchmarks: counts reads and writes, and can be made to fail the next
 * writes or to hold every write until released (a disk that hangs).
 */
public class InMemoryHistoryStore implements CycleHistoryStore {
    public final Map<String, byte[]> reports = new ConcurrentHashMap<>();
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger failNextWrites = new AtomicInteger();

    @Override
    public List<String> ids() {
        return new ArrayList<>(reports.keySet());
    }

    @Override
    public byte[] read(String cycleId) throws IOException {
        reads.incrementAndGet();
        byte[] json = reports.get(cycleId);
        if (json == null) {
            throw new IOException("no report " + cycleId);
        }
        return json;
    }

    @Override
    public void write(String cycleId, byte[] json) throws IOException {
        beforeWrite(cycleId);
        if (failNextWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("No space left on device");
        }
        writes.incrementAndGet();
        reports.put(cycleId, json);
    }

    @Override
    public void delete(String cycleId) {
        reports.remove(cycleId);
    }

    /** Called before every write; a subclass may block here (a slow or hanging disk). */
    protected void beforeWrite(String cycleId) throws IOException {
    }
}
