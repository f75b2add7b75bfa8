package io.stressfw.orchestrator.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Heartbeat capabilities as an agent of this version announces them, for tests. */
public final class ScopeCaps {
    private ScopeCaps() {
    }

    /** An agent on {@code host} (host scope), its sink for peers ({@code null}: loopback only) and its allowlist. */
    public static Map<String, Object> agent(String host, String sink, List<String> allowlist) {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("host_id", host);
        caps.put("scope", Map.of("kind", "host", "id", host, "cpu_cores", 2.0, "memory_cap_mb", 1000,
                "io_ops_per_second", 500.0, "network_mbps", 100.0, "share", 1.0, "peers", List.of()));
        caps.put("load", Map.of("loading", false, "cpu_cores", 0.0, "memory_mb", 0.0));
        caps.put("network_allowlist", allowlist);
        if (sink != null) {
            caps.put("network_sink", sink);
        }
        caps.put("network_links", List.of());
        return caps;
    }

    /** The same with the links the agent reports. */
    public static Map<String, Object> withLinks(Map<String, Object> caps, Map<String, Double> mbpsByTarget) {
        Map<String, Object> copy = new LinkedHashMap<>(caps);
        copy.put("network_links", mbpsByTarget.entrySet().stream()
                .map(e -> Map.<String, Object>of("target", e.getKey(), "mbps", e.getValue())).toList());
        return copy;
    }
}
