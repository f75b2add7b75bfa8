package io.stressfw.plan;

/**
 * The seed's {@code load_generators:} block as an agent runs it. Null means "not given here": the agent keeps its
 * configured value (whose defaults are the seed's). {@code cores} and {@code limitGb} are null for {@code auto}
 * too, which {@link #coresAuto()} / {@link #limitAuto()} tell apart.
 */
public record LoadGeneratorsSpec(Integer cores, boolean coresAuto, Integer precisionIntervalMs, Double limitGb,
                                 boolean limitAuto, Integer chunkSizeMb, Integer operationsPerSecond,
                                 OperationMix operationMix, Double bandwidthMbps, Integer connectionPoolSize) {
    public static final LoadGeneratorsSpec NONE = new LoadGeneratorsSpec(null, false, null, null, false, null, null,
            null, null, null);

    /** Shares of read, write and seek operations; they add up to 1. */
    public record OperationMix(double read, double write, double seek) {
        /** The wire form of the agent's {@code operation_mix} property: {@code read:0.4,write:0.4,seek:0.2}. */
        public String property() {
            return "read:" + read + ",write:" + write + ",seek:" + seek;
        }
    }
}
