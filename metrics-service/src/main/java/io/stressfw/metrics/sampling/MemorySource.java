package io.stressfw.metrics.sampling;

/** Reads the host's memory and swap figures. */
public interface MemorySource {
    MemoryCounters read();
}
