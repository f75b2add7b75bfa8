package io.stressfw.metrics.aggregation;

/** How many raw samples a cycle received and how many are kept for export. */
public record RawSamplesInfo(long received, long kept, int cap, boolean truncated, String note) {
    static RawSamplesInfo of(long received, long kept, int cap) {
        boolean truncated = received > kept;
        return new RawSamplesInfo(received, kept, cap, truncated, truncated
                ? "truncated: only the first " + kept + " of " + received
                + " samples are kept (stress.metrics.raw-sample-cap=" + cap + "); aggregates cover all of them"
                : null);
    }
}
