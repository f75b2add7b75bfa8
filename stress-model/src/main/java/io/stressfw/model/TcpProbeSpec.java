package io.stressfw.model;

import java.util.Map;

/** A TCP probe: the time to connect to {@code host:port}; a refused or timed-out connect is an error. */
public record TcpProbeSpec(ProbeSettings settings, String host, int port) implements ProbeSpec {
    public TcpProbeSpec {
        Checks.notNull(settings, "settings");
        Checks.notBlank(host, "address");
        Checks.between(port, 1, 65535, "address port");
    }

    @Override
    public ProbeType type() {
        return ProbeType.TCP;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> map = settings.toMap(type());
        map.put("address", host + ":" + port);
        return map;
    }
}
