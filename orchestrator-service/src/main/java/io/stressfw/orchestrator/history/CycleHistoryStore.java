package io.stressfw.orchestrator.history;

import java.io.IOException;
import java.util.List;

/**
 * Where cycle reports are kept, one JSON document per cycle id. {@link CycleHistory} is its only caller and calls it
 * from one thread at a time (its writer, or its start-up and shutdown).
 */
public interface CycleHistoryStore {
    /** The ids of every stored report. */
    List<String> ids() throws IOException;

    /** The stored report's JSON. */
    byte[] read(String cycleId) throws IOException;

    /** Stores the report's JSON in place of the previous one, whole or not at all. */
    void write(String cycleId, byte[] json) throws IOException;

    /** Removes the report; nothing happens when there is none. */
    void delete(String cycleId) throws IOException;
}
