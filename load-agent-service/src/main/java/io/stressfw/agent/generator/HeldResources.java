package io.stressfw.agent.generator;

/** What a generator holds right now: worker threads, scratch files, open connections and memory; all zero after a stop. */
public record HeldResources(int threads, int files, int connections, double memoryMb) {
    public static final HeldResources NONE = new HeldResources(0, 0, 0, 0);

    public static HeldResources threads(int threads) {
        return new HeldResources(threads, 0, 0, 0);
    }

    public HeldResources plus(HeldResources other) {
        return new HeldResources(threads + other.threads, files + other.files, connections + other.connections,
                memoryMb + other.memoryMb);
    }
}
