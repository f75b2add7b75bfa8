package io.stressfw.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One round trip per details record, and the refusals a consumer dead-letters, each naming its field. */
class PhaseEventDetailsTest {

    private static PhaseEvent event(PhaseEventType type, PhaseEventDetails details) {
        return new PhaseEvent(1, "e-1", 1_000, "cycle-1", type, Phase.LIGHT, 25.0, null, details);
    }

    private static PhaseStartedDetails phaseStarted() {
        Map<String, ThresholdSpec> thresholds = new LinkedHashMap<>();
        thresholds.put("cpu_usage", ThresholdSpec.above(95));
        thresholds.put("memory_usage", ThresholdSpec.above(90).withWindow(RuleWindow.parseAggregate("p95 over 5s")));
        return new PhaseStartedDetails(thresholds, 300, 30, 15, 25, 10, 25, new ResourceWeights(0.7, 0.2, 0.05, 0.05),
                RampingStrategy.LINEAR, false, 1, 3);
    }

    /** The flat form {@code cpu_usage: 95} as the wire always carries it: the full object. */
    private static final String CPU_95 = "{\"comparison\":\"above\",\"limit\":95.0,\"for\":\"500ms\",\"hysteresis\":0.0,"
            + "\"severity\":\"critical\",\"action\":\"stop\",\"source_kind\":null,\"override_global\":false}";

    private static PhaseEvent roundTrip(PhaseEvent event) throws MalformedMessageException {
        return WireCodec.decode(WireCodec.encode(event), PhaseEvent.class);
    }

    @Test
    void cycleStartedDetailsRoundTrip() throws Exception {
        PhaseEvent event = new PhaseEvent(1, "e-1", 1_000, "cycle-1", PhaseEventType.CYCLE_STARTED, null, null, null,
                new CycleStartedDetails(List.of(Phase.LIGHT, Phase.MEDIUM), 720));

        assertThat(WireCodec.encode(event)).contains("\"details\":{\"phases\":[\"light\",\"medium\"],\"planned_duration_seconds\":720.0}");
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void phaseStartedDetailsRoundTripWithTheirThresholds() throws Exception {
        PhaseEvent event = event(PhaseEventType.PHASE_STARTED, phaseStarted());

        String json = WireCodec.encode(event);

        assertThat(json).contains("\"safety_thresholds\":{\"cpu_usage\":" + CPU_95 + ",\"memory_usage\":{\"comparison\":"
                        + "\"above\",\"limit\":90.0,\"window\":\"p95 over 5s\",\"hysteresis\":0.0,\"severity\":\"critical\","
                        + "\"action\":\"stop\",\"source_kind\":null,\"override_global\":false}}",
                "\"planned_ramp_up_seconds\":30.0", "\"ramping_strategy\":\"linear\"", "\"phase_index\":1");
        PhaseEvent decoded = roundTrip(event);
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.details(PhaseStartedDetails.class).safetyThresholds()).containsEntry("cpu_usage", ThresholdSpec.above(95));
    }

    @Test
    void aBareNumberIsReadAsTheFlatFormWithItsDefaultWindow() throws Exception {
        String json = WireCodec.encode(event(PhaseEventType.PHASE_STARTED, phaseStarted())).replace(CPU_95, "40");

        ThresholdSpec cpu = WireCodec.decode(json, PhaseEvent.class).details(PhaseStartedDetails.class)
                .safetyThresholds().get("cpu_usage");

        assertThat(cpu).isEqualTo(ThresholdSpec.above(40));
        assertThat(cpu.window()).isEqualTo(ThresholdSpec.DEFAULT_WINDOW);
        assertThat(cpu.describe("cpu_usage")).isEqualTo("cpu_usage > 40 for 500ms");
    }

    @Test
    void aFieldANewerProducerAddsToAThresholdIsIgnored() throws Exception {
        String json = WireCodec.encode(event(PhaseEventType.PHASE_STARTED, phaseStarted()))
                .replace(CPU_95, CPU_95.replace("\"override_global\":false", "\"override_global\":true,\"colour\":\"red\""));

        ThresholdSpec cpu = WireCodec.decode(json, PhaseEvent.class).details(PhaseStartedDetails.class)
                .safetyThresholds().get("cpu_usage");

        assertThat(cpu).isEqualTo(ThresholdSpec.above(95).withOverrideGlobal(true));
    }

    @Test
    void holdStartedDetailsAreEmptyAndMayBeAbsent() throws Exception {
        PhaseEvent event = event(PhaseEventType.HOLD_STARTED, new HoldStartedDetails());

        assertThat(roundTrip(event)).isEqualTo(event);
        String withoutDetails = WireCodec.encode(event).replace(",\"details\":{}", "");
        assertThat(withoutDetails).doesNotContain("details");
        assertThat(WireCodec.decode(withoutDetails, PhaseEvent.class).details()).isEqualTo(new HoldStartedDetails());
    }

    @Test
    void rampDownStartedDetailsRoundTrip() throws Exception {
        PhaseEvent event = event(PhaseEventType.RAMP_DOWN_STARTED, new RampDownStartedDetails(42.5));

        assertThat(WireCodec.encode(event)).contains("\"details\":{\"from_load_percent\":42.5}");
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void phaseEndedDetailsRoundTripForCompletedAndAbortedPhases() throws Exception {
        PhaseEvent completed = event(PhaseEventType.PHASE_COMPLETED, new PhaseEndedDetails(25.0, 61.5, false));
        PhaseEvent aborted = event(PhaseEventType.PHASE_ABORTED, PhaseEndedDetails.emergencyStop());

        assertThat(roundTrip(completed)).isEqualTo(completed);
        assertThat(roundTrip(aborted)).isEqualTo(aborted);
        assertThat(WireCodec.encode(aborted)).contains("\"details\":{\"emergency\":true}");
    }

    @Test
    void loadAdjustedDetailsRoundTripForEachSource() throws Exception {
        for (LoadAdjustedDetails details : List.of(LoadAdjustedDetails.byOperator(40), LoadAdjustedDetails.byThrottle(40, 10),
                LoadAdjustedDetails.byAdaptiveBackOff(60, 0.4))) {
            PhaseEvent event = event(PhaseEventType.LOAD_ADJUSTED, details);

            assertThat(roundTrip(event)).isEqualTo(event);
        }
        assertThat(WireCodec.encode(event(PhaseEventType.LOAD_ADJUSTED, LoadAdjustedDetails.byThrottle(40, 10))))
                .contains("\"details\":{\"previous_target_load_percent\":40.0,\"source\":\"throttle\",\"step\":10.0}");
    }

    @Test
    void cycleEndedDetailsRoundTripForCompletedAndAbortedCycles() throws Exception {
        PhaseEvent completed = event(PhaseEventType.CYCLE_COMPLETED, new CycleEndedDetails(null, false, true, 70.0));
        PhaseEvent aborted = event(PhaseEventType.CYCLE_ABORTED, new CycleEndedDetails(AbortedBy.SAFETY, true, false, null));

        assertThat(roundTrip(completed)).isEqualTo(completed);
        assertThat(roundTrip(aborted)).isEqualTo(aborted);
        assertThat(WireCodec.encode(aborted)).contains("\"aborted_by\":\"safety\"", "\"emergency\":true");
    }

    @Test
    void everyEventTypeNamesADetailsRecord() {
        for (PhaseEventType type : PhaseEventType.values()) {
            assertThat(PhaseEventDetails.class).isAssignableFrom(type.detailsType());
        }
    }

    @Test
    void detailsOfAnotherTypeAreRefusedWhenTheEventIsBuilt() {
        assertThatThrownBy(() -> event(PhaseEventType.PHASE_STARTED, new HoldStartedDetails()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("details of a phase_started event must be PhaseStartedDetails");
    }

    @Test
    void aRenamedThresholdFieldIsRefusedNamingTheMissingField() {
        String json = WireCodec.encode(event(PhaseEventType.PHASE_STARTED, phaseStarted()))
                .replace("\"planned_duration_seconds\"", "\"planned_duration\"");

        assertThatThrownBy(() -> WireCodec.decode(json, PhaseEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("planned_duration_seconds");
    }

    @Test
    void aThresholdThatIsNotANumberIsRefusedNamingTheField() {
        String json = WireCodec.encode(event(PhaseEventType.PHASE_STARTED, phaseStarted()))
                .replace(CPU_95, "\"high\"");

        assertThatThrownBy(() -> WireCodec.decode(json, PhaseEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("details.safety_thresholds.cpu_usage");
    }

    @Test
    void aNegativeThresholdIsRefusedNamingTheField() {
        String json = WireCodec.encode(event(PhaseEventType.PHASE_STARTED, phaseStarted()))
                .replace(CPU_95, "-5");

        assertThatThrownBy(() -> WireCodec.decode(json, PhaseEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("details.safety_thresholds.cpu_usage")
                .hasMessageContaining("must be >= 0, was -5");
    }

    @Test
    void thresholdsThatAreNotAnObjectAreRefused() {
        String json = WireCodec.encode(event(PhaseEventType.PHASE_STARTED, phaseStarted()))
                .replaceAll("\"safety_thresholds\":\\{.*?\\}\\},", "\"safety_thresholds\":[95],");

        assertThatThrownBy(() -> WireCodec.decode(json, PhaseEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("details.safety_thresholds");
    }

    @Test
    void detailsThatAreNotAnObjectAreRefused() {
        String json = WireCodec.encode(event(PhaseEventType.RAMP_DOWN_STARTED, new RampDownStartedDetails(10)))
                .replace("{\"from_load_percent\":10.0}", "\"soon\"");

        assertThatThrownBy(() -> WireCodec.decode(json, PhaseEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("details must be an object");
    }

    @Test
    void anUnknownAdjustmentSourceNamesTheValidOnes() {
        String json = WireCodec.encode(event(PhaseEventType.LOAD_ADJUSTED, LoadAdjustedDetails.byOperator(40)))
                .replace("\"source\":\"operator\"", "\"source\":\"gremlin\"");

        assertThatThrownBy(() -> WireCodec.decode(json, PhaseEvent.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("details.source")
                .hasMessageContaining("expected one of operator, throttle, adaptive");
    }

    @Test
    void askingForAnotherTypesDetailsFailsLoudly() {
        PhaseEvent event = event(PhaseEventType.RAMP_DOWN_STARTED, new RampDownStartedDetails(10));

        assertThatThrownBy(() -> event.details(PhaseStartedDetails.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("carries RampDownStartedDetails");
    }
}
