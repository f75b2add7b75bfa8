package io.stressfw.metrics.aggregation;

import io.stressfw.model.MetricSample;

/** A source's latest sample and when this instance received it, on this instance's clock. */
public record ReceivedSample(MetricSample sample, long receivedAtMs) {
}
