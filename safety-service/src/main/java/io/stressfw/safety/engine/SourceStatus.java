package io.stressfw.safety.engine;

import io.stressfw.model.SourceKind;

/**
 * One source as {@code GET /safety/sources} shows it: when its last sample arrived (this service's wall clock), how
 * long it has been silent (this service's monotonic clock), and how far its clock is from this service's
 * ({@code clock_skew_ms}, positive when it is ahead; transit included, see {@link ClockSkew}), with a warning beyond
 * the configured limit.
 */
public record SourceStatus(String sourceId, SourceKind kind, String host, long lastHeardMs, long silentMs,
                           Long clockSkewMs, boolean clockSkewWarning) {
}
