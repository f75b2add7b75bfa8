package io.stressfw.metrics.aggregation;

import io.stressfw.model.MetricSample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The latest sample of every source (host or agent) and when this instance received it. The latest is the last to
 * arrive, whatever its timestamp says: a source's samples arrive in the order it sent them, and its clock may be off
 * or step back. A source nothing arrived from for the retention is forgotten, so sources that come and go (agents
 * scaled up and down, hosts replaced) do not pile up. Not thread-safe: the aggregator calls it under its lock.
 */
final class LatestSamples {
    private final long retentionMs;
    private final Map<String, ReceivedSample> bySource = new HashMap<>();

    LatestSamples(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    void accept(MetricSample sample, long nowMs) {
        bySource.put(sample.sourceId(), new ReceivedSample(sample, nowMs));
    }

    /** Forgets the sources silent for longer than the retention; returns their ids. */
    List<String> forgetSilent(long nowMs) {
        List<String> forgotten = new ArrayList<>(0);
        for (Iterator<Map.Entry<String, ReceivedSample>> it = bySource.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ReceivedSample> entry = it.next();
            if (nowMs - entry.getValue().receivedAtMs() > retentionMs) {
                forgotten.add(entry.getKey());
                it.remove();
            }
        }
        return forgotten;
    }

    Map<String, ReceivedSample> snapshot() {
        return Map.copyOf(bySource);
    }
}
