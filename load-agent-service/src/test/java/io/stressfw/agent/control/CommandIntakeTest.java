package io.stressfw.agent.control;

import io.stressfw.model.LoadLimits;
import io.stressfw.model.Phase;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.model.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.stressfw.agent.control.TestAgents.phase;
import static org.assertj.core.api.Assertions.assertThat;

/** What the intake does with each record: stop first on what may have been a stop, dead-letter, never throw. */
class CommandIntakeTest {
    private static final ResourceWeights CPU_ONLY = ResourceWeights.CPU_ONLY;
    @TempDir
    Path scratchBase;
    private final ManualClock clock = new ManualClock(1_795_000_000_000L);
    /** What the dead-letter sink saw, with the agent's state at that moment: the stop must come first. */
    private final List<String> letters = new CopyOnWriteArrayList<>();
    private FaultyGenerator cpu;
    private TestAgents agent;
    private CommandIntake intake;
    private long offset;

    @BeforeEach
    void setUp() {
        agent = TestAgents.builder("agent-intake", scratchBase).clock(clock.clock())
                .cpu(real -> cpu = new FaultyGenerator(real)).build();
        intake = new CommandIntake(agent.controller, Topics.COMMANDS,
                (record, reason) -> letters.add(agent.controller.state().wireName() + ": " + reason));
    }

    @AfterEach
    void tearDown() {
        agent.close();
    }

    private CommandIntake.InboundRecord record(String topic, String payload) {
        return new CommandIntake.InboundRecord(topic, 0, ++offset, "all", payload);
    }

    private void load() {
        intake.onCommand(record(Topics.COMMANDS, WireCodec.encode(phase("c1", 1, clock.wallMs(), 5000, 20, CPU_ONLY, 0, null))));
        assertThat(agent.controller.state()).isEqualTo(AgentState.RUNNING);
    }

    @Test
    void anUnreadableCommandStopsALoadedAgentBeforeItIsDeadLettered() {
        load();

        CommandOutcome outcome = intake.onCommand(record(Topics.COMMANDS, "{\"type\":\"stop\",\"version\":1,\"mode\":"));

        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.REFUSED);
        assertThat(agent.controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(agent.controller.lastStopReason()).startsWith("unusable message on stress.commands@2 (it may have been a stop): not valid JSON");
        assertThat(letters).singleElement().asString().startsWith("stopped: not valid JSON");
    }

    @Test
    void aCommandWhoseHandlingFailsStopsTheAgentAndIsDeadLettered() {
        load();
        cpu.failNextSetTarget(new OutOfMemoryError("unable to create native thread"));

        CommandOutcome outcome = intake.onCommand(record(Topics.COMMANDS,
                WireCodec.encode(phase("c1", 2, clock.wallMs(), 5000, 40, CPU_ONLY, 0, null))));

        assertThat(outcome.kind()).isEqualTo(CommandOutcome.Kind.REFUSED);
        assertThat(agent.controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(letters).singleElement().asString()
                .isEqualTo("stopped: the agent failed to handle it: java.lang.OutOfMemoryError: unable to create native thread");
    }

    @Test
    void aDeadLetterThatCannotBeSentIsDroppedAndTheIntakeGoesOn() {
        CommandIntake failing = new CommandIntake(agent.controller, Topics.COMMANDS, (record, reason) -> {
            throw new IllegalStateException("SRMSG00034: Insufficient downstream requests to emit item");
        });
        load();

        assertThat(failing.onCommand(record(Topics.COMMANDS, "garbage")).kind()).isEqualTo(CommandOutcome.Kind.REFUSED);
        assertThat(agent.controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(failing.onCommand(record(Topics.COMMANDS, WireCodec.encode(phase("c2", 1, clock.wallMs(), 5000, 20,
                CPU_ONLY, 0, null)))).kind()).isEqualTo(CommandOutcome.Kind.APPLIED);
    }

    @Test
    void refusalsAndForeignTopicsAreDeadLetteredWithoutStopping() {
        load();

        intake.onCommand(record(Topics.COMMANDS, WireCodec.encode(phase("c1", 2, clock.wallMs(), 5000, 20, CPU_ONLY, 0,
                new LoadLimits(TestAgents.MEMORY_CAP_MB * 10, null, null, null)))));
        intake.onCommand(record("stress.commands-evil", WireCodec.encode(phase("c1", 3, clock.wallMs(), 5000, 90,
                CPU_ONLY, 0, null))));

        assertThat(agent.controller.state()).isEqualTo(AgentState.RUNNING);
        assertThat(letters).hasSize(2);
        assertThat(letters.get(0)).startsWith("running: refused: limits.memory_mb");
        assertThat(letters.get(1)).isEqualTo("running: command came from topic stress.commands-evil, agents obey only stress.commands");
    }

    @Test
    void anUnreadableSafetyEventIsOnlyDeadLetteredAStopViolationStops() {
        load();

        intake.onSafetyEvent(record(Topics.VIOLATIONS, "{\"type\":\"verdict\",\"version\":1}"));
        assertThat(agent.controller.state()).as("a kind of event this agent does not know").isEqualTo(AgentState.RUNNING);
        assertThat(letters).hasSize(1);

        intake.onSafetyEvent(record(Topics.VIOLATIONS, WireCodec.encode(new Violation(Versioned.SCHEMA_VERSION, "v-1",
                clock.wallMs(), "cpu", "cpu_usage", 99.0, 95, Severity.CRITICAL, SafetyAction.STOP, "host-1", "c1",
                Phase.LIGHT, "cpu_usage 99 > 95"))));
        assertThat(agent.controller.state()).isEqualTo(AgentState.STOPPED);
        assertThat(agent.controller.lastStopReason()).contains("violation cpu on host-1");
    }
}
