package io.stressfw.service;

import java.util.Map;

/** A service's bean of this type fills the {@code capabilities} of its heartbeats. */
public interface HeartbeatCapabilities {
    Map<String, Object> capabilities();
}
