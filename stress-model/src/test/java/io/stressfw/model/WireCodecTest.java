package io.stressfw.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCodecTest {

    private static PhaseCommand phaseCommand() {
        return PhaseCommand.builder("cycle-1", Phase.MEDIUM).commandId("cmd-1").sequence(7).epoch(3).issuedAtMs(1_000)
                .leaseMs(5_000).targetLoadPercent(40.0).weights(new ResourceWeights(1, 0.5, 0.25, 0)).rampSeconds(2.5).build();
    }

    @Test
    void phaseCommandRoundTripsAsSnakeCaseWithItsType() throws Exception {
        String json = WireCodec.encode(phaseCommand());

        assertThat(json).contains("\"type\":\"phase\"", "\"cycle_id\":\"cycle-1\"", "\"target_load_percent\":40.0",
                "\"sequence\":7,\"epoch\":3,\"issued_at_ms\":1000,\"lease_ms\":5000", "\"phase\":\"medium\"",
                "\"ramp_seconds\":2.5");
        assertThat(WireCodec.decode(json, Command.class)).isEqualTo(phaseCommand());
        assertThat(phaseCommand().toBuilder().build()).isEqualTo(phaseCommand());
    }

    @Test
    void aCommandWithoutALeaseDurationIsRefusedNamingTheField() {
        // The absolute lease_expires_at_ms of earlier builds is no lease at all for this one.
        String json = WireCodec.encode(phaseCommand()).replace("\"lease_ms\":5000", "\"lease_expires_at_ms\":6000");

        assertThatThrownBy(() -> WireCodec.decode(json, Command.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("field 'lease_ms'");
    }

    @Test
    void anyPositiveLeaseTravelsAsSentForTheAgentToCap() throws Exception {
        PhaseCommand endless = phaseCommand().toBuilder().leaseMs(Long.MAX_VALUE).build();

        assertThat(((PhaseCommand) WireCodec.decode(WireCodec.encode(endless), Command.class)).leaseMs()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> WireCodec.decode(WireCodec.encode(endless).replace("\"lease_ms\":" + Long.MAX_VALUE,
                "\"lease_ms\":0"), Command.class)).hasMessageContaining("lease_ms must be > 0, was 0");
        assertThatThrownBy(() -> phaseCommand().toBuilder().epoch(-1)).hasMessage("epoch must be >= 0, was -1");
    }

    @Test
    void networkTargetsAreOptionalAndEveryEntryMustBeNamed() throws Exception {
        assertThat(phaseCommand().networkTargets()).isEmpty();
        String json = WireCodec.encode(phaseCommand()).replace("\"network_targets\":[]", "\"network_targets\":[\"10.0.0.5:9000\"]");

        assertThat(((PhaseCommand) WireCodec.decode(json, Command.class)).networkTargets()).containsExactly("10.0.0.5:9000");
        assertThatThrownBy(() -> WireCodec.decode(json.replace("10.0.0.5:9000", " "), Command.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("network_targets");
    }

    @Test
    void perAgentNetworkTargetsTakePrecedenceForTheAgentsTheyName() throws Exception {
        PhaseCommand command = PhaseCommand.builder("cycle-1", Phase.MEDIUM).commandId("cmd-2").sequence(8)
                .issuedAtMs(1_000).leaseMs(5_000).targetLoadPercent(40).weights(new ResourceWeights(0, 0, 0, 1))
                .networkTargets(java.util.List.of("sink"))
                .networkTargetsByAgent(Map.of("agent-a", java.util.List.of("10.0.0.2:9100"))).build();

        String json = WireCodec.encode(command);
        PhaseCommand decoded = (PhaseCommand) WireCodec.decode(json, Command.class);

        assertThat(json).contains("\"network_targets_by_agent\":{\"agent-a\":[\"10.0.0.2:9100\"]}");
        assertThat(decoded).isEqualTo(command);
        assertThat(decoded.networkTargetsFor("agent-a")).containsExactly("10.0.0.2:9100");
        assertThat(decoded.networkTargetsFor("agent-b")).containsExactly("sink");
        assertThat(phaseCommand().withNetworkTargetsByAgent(Map.of("agent-a", java.util.List.of("10.0.0.2:9100")))
                .networkTargetsFor("agent-a")).containsExactly("10.0.0.2:9100");
        assertThatThrownBy(() -> WireCodec.decode(json.replace("10.0.0.2:9100", " "), Command.class))
                .hasMessageContaining("network_targets_by_agent.agent-a");
    }

    @Test
    void aCommandWithoutPerAgentTargetsLeavesTheFieldOffTheWire() {
        assertThat(WireCodec.encode(phaseCommand())).doesNotContain("network_targets_by_agent");
        assertThat(phaseCommand().networkTargetsByAgent()).isEmpty();
    }

    @Test
    void stopCommandDecodesThroughTheCommandType() throws Exception {
        String json = "{\"type\":\"stop\",\"version\":1,\"command_id\":\"c\",\"sequence\":3,\"issued_at_ms\":5,"
                + "\"mode\":\"EMERGENCY\",\"reason\":\"operator\",\"issued_by\":\"cli\"}";

        Command command = WireCodec.decode(json, Command.class);

        assertThat(command).isInstanceOfSatisfying(StopCommand.class, stop -> {
            assertThat(stop.mode()).isEqualTo(StopMode.EMERGENCY);
            assertThat(stop.cycleId()).isNull();
        });
    }

    @Test
    void targetOutOfRangeIsRefusedNamingTheField() {
        String json = WireCodec.encode(phaseCommand()).replace("\"target_load_percent\":40.0", "\"target_load_percent\":140.0");

        assertThatThrownBy(() -> WireCodec.decode(json, Command.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("target_load_percent must be between 0 and 100, was 140");
    }

    @Test
    void unknownSchemaVersionIsRefused() {
        String json = WireCodec.encode(phaseCommand()).replace("\"version\":1", "\"version\":2");

        assertThatThrownBy(() -> WireCodec.decode(json, Command.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unsupported schema version 2");
    }

    @Test
    void missingVersionIsRefused() {
        String json = WireCodec.encode(phaseCommand()).replace("\"version\":1,", "");

        assertThatThrownBy(() -> WireCodec.decode(json, Command.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("field 'version'");
    }

    @Test
    void notJsonIsRefusedWithAReason() {
        assertThatThrownBy(() -> WireCodec.decode("{not json", MetricSample.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> WireCodec.decode("", MetricSample.class)).hasMessage("empty message");
    }

    @Test
    void unknownPhaseNamesTheValidOnes() {
        String json = WireCodec.encode(phaseCommand()).replace("\"phase\":\"medium\"", "\"phase\":\"ludicrous\"");

        assertThatThrownBy(() -> WireCodec.decode(json, Command.class))
                .hasMessageContaining("field 'phase'")
                .hasMessageContaining("unknown phase 'ludicrous', expected one of idle, light, medium, heavy, extreme, critical, chaos");
    }

    @Test
    void unavailableMetricStaysNullRatherThanZero() throws Exception {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.CPU_USAGE, 12.5);
        metrics.put(MetricNames.TEMPERATURE, null);
        MetricSample sample = new MetricSample(1, "host-a", SourceKind.HOST, "host-a", 10, null, null, metrics, null);

        MetricSample decoded = WireCodec.decode(WireCodec.encode(sample), MetricSample.class);

        assertThat(decoded.metrics()).containsEntry(MetricNames.CPU_USAGE, 12.5).containsEntry(MetricNames.TEMPERATURE, null);
    }

    @Test
    void aLeavingSampleSaysSoAndAnOrdinaryOneCarriesNoSuchField() throws Exception {
        MetricSample sample = new MetricSample(1, "agent-1", SourceKind.AGENT, "node-a", 10, null, null, Map.of(), null);

        assertThat(WireCodec.encode(sample)).doesNotContain("leaving");
        assertThat(sample.lastOfSource()).isFalse();
        MetricSample last = WireCodec.decode(WireCodec.encode(sample.asLeaving()), MetricSample.class);
        assertThat(WireCodec.encode(sample.asLeaving())).contains("\"leaving\":true");
        assertThat(last.lastOfSource()).isTrue();
        assertThat(WireCodec.decode(WireCodec.encode(sample).replaceFirst("}$", ",\"leaving\":false}"), MetricSample.class)
                .lastOfSource()).isFalse();
    }

    @Test
    void safetyEventsDecodeByType() throws Exception {
        Violation violation = new Violation(1, "v-1", 10, "cpu_usage", "cpu_usage", 97.0, 90, Severity.CRITICAL,
                SafetyAction.STOP, "host-a", "cycle-1", Phase.HEAVY, "cpu_usage 97.0 > 90.0");

        SafetyEvent decoded = WireCodec.decode(WireCodec.encode(violation), SafetyEvent.class);

        assertThat(decoded).isEqualTo(violation);
        assertThat(WireCodec.encode(violation)).contains("\"type\":\"violation\"", "\"action\":\"stop\"");
    }
}
