package io.stressfw.orchestrator.cycle;

import io.stressfw.orchestrator.history.CycleRunReport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The live messages (WebSocket and Server-Sent Events) a cycle produces, in the shape the dashboard reads. */
final class CycleLiveMessages {
    private CycleLiveMessages() {
    }

    /**
     * {@code phase_change}: one engine event, its details as on {@code stress.phase-events}. {@code event} is the
     * seed's short name ({@code started}, {@code completed}, ...), {@code event_type} the full one
     * ({@code phase_started}, {@code phase_completed}, ...).
     */
    static Map<String, Object> phaseChange(String cycleId, CycleEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "phase_change");
        message.put("timestamp_ms", event.timestampMs());
        message.put("cycle_id", cycleId);
        message.put("phase", event.phase() == null ? null : event.phase().wireName());
        message.put("event", event.type().seedEvent());
        message.put("event_type", event.type().wireName());
        message.put("target_load_percent", event.targetLoadPercent());
        message.put("reason", event.reason());
        message.put("details", event.details());
        return message;
    }

    /** {@code cycle_report}: the report of a cycle that just ended. */
    static Map<String, Object> cycleReport(long timestampMs, CycleRunReport report) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "cycle_report");
        message.put("timestamp_ms", timestampMs);
        message.put("report", report);
        return message;
    }

    /** {@code safety_event}: a violation or breaker transition as safety-service sent it. */
    static Map<String, Object> safetyEvent(long timestampMs, Object event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "safety_event");
        message.put("timestamp_ms", timestampMs);
        message.put("event", event);
        return message;
    }
}
