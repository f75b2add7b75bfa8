package io.stressfw.metrics.sampling;

/** Memory and swap in bytes; -1 marks a figure the host cannot give. */
public record MemoryCounters(long total, long available, long swapTotal, long swapUsed) {
}
