package io.stressfw.model;

import java.util.List;

/** Kafka topic names. Services bind channels to these through configuration, never by literal strings in code. */
public final class Topics {
    /** Orchestrator (and safety, for emergency stops) to every agent replica: phase and stop commands. */
    public static final String COMMANDS = "stress.commands";
    /** Host samples from metrics-service and achieved-load samples from agents, keyed by source id. */
    public static final String SAMPLES = "stress.samples";
    /** Safety events: violations and circuit-breaker transitions. */
    public static final String VIOLATIONS = "stress.violations";
    /** Cycle and phase lifecycle events, for integrations and metrics aggregation. */
    public static final String PHASE_EVENTS = "stress.phase-events";
    /** Every service instance announces itself here. */
    public static final String HEARTBEATS = "stress.heartbeats";
    /** Messages that a consumer could not read, with the reason. */
    public static final String DLQ = "stress.dlq";

    public static final List<String> ALL = List.of(COMMANDS, SAMPLES, VIOLATIONS, PHASE_EVENTS, HEARTBEATS, DLQ);

    private Topics() {
    }
}
