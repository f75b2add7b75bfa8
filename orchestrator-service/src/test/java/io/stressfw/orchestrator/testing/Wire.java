package io.stressfw.orchestrator.testing;

import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;

import java.util.Map;
import java.util.UUID;

/** Wire payloads other services would send, encoded as they would be. */
public final class Wire {
    private Wire() {
    }

    public static String heartbeat(String id, ServiceKind kind) {
        return WireCodec.encode(new Heartbeat(Versioned.SCHEMA_VERSION, id, kind, "test", "host-" + id,
                System.currentTimeMillis() - 1000, System.currentTimeMillis(), Map.of()));
    }

    public static String agentSample(String agentId, double cpuTarget, double cpuAchieved) {
        return WireCodec.encode(new MetricSample(Versioned.SCHEMA_VERSION, agentId, SourceKind.AGENT, "host-" + agentId,
                System.currentTimeMillis(), null, null, Map.of(),
                Map.of("cpu", new GeneratorReading(cpuTarget, cpuAchieved, null, "cores"))));
    }

    public static String hostSample(String hostId, double cpu, double memory) {
        return WireCodec.encode(new MetricSample(Versioned.SCHEMA_VERSION, hostId, SourceKind.HOST, hostId,
                System.currentTimeMillis(), null, null, Map.of("cpu_usage", cpu, "memory_usage", memory), Map.of()));
    }

    public static String violation(String cycleId, SafetyAction action) {
        return WireCodec.encode(new Violation(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(),
                System.currentTimeMillis(), "cpu-high", "cpu_usage", 99.0, 95, Severity.CRITICAL, action, "host-1",
                cycleId, null, "cpu_usage 99 over 95"));
    }

    public static String breaker(String breakerId, BreakerState from, BreakerState to) {
        return WireCodec.encode(new BreakerTransition(Versioned.SCHEMA_VERSION, System.currentTimeMillis(), breakerId,
                "cpu-high", "host-1", from, to, "3 violations in 10 s"));
    }
}
