package io.stressfw.metrics.rest;

import io.stressfw.metrics.baseline.BaselineWindow;
import io.stressfw.metrics.baseline.HostBaseline;

import java.util.Map;

/** The window collecting now (null when none) and the latest baseline of every host. */
public record BaselineStatus(BaselineWindow collecting, Map<String, HostBaseline> hosts) {
}
