package io.stressfw.agent.control;

import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.stressfw.agent.control.TestAgents.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control loop really stalled or killed, on the system's clocks with the ticker and the watchdog running: a CPU
 * generator whose {@code setTarget} blocks or throws stands for a tick stuck in I/O or hit by an OutOfMemoryError.
 */
class StalledControlLoopTest {
    private static final ResourceWeights LOAD = new ResourceWeights(0.2, 0.25, 0.2, 0);
    @TempDir
    Path scratchBase;
    private FaultyGenerator cpu;
    private TestAgents agent;
    private AgentController controller;

    @BeforeEach
    void startAgent() {
        agent = TestAgents.builder("agent-stall", scratchBase).cpu(real -> cpu = new FaultyGenerator(real)).build();
        controller = agent.controller.start();
        CommandOutcome first = controller.onCommand(phase("c1", 1, System.currentTimeMillis(), 60_000, 100, LOAD, 0, null));
        assertThat(first.kind()).as(String.valueOf(first.reason())).isEqualTo(CommandOutcome.Kind.APPLIED);
        // A precondition, not a measure: the wait is long so that a slow machine only waits, and says what is missing.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(cpu.activeThreads() > 0
                && controller.resources().allocatedMemoryMb() > 0 && controller.resources().scratchFiles() > 0)
                .as(this::loadOnDescription).isTrue());
    }

    private String loadOnDescription() {
        return "load on before the fault: state " + controller.state() + ", last stop " + controller.lastStopReason()
                + ", cpu threads " + cpu.activeThreads() + ", " + controller.resources() + ", notes "
                + controller.generators().get(ResourceKind.IO).notes();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void aTickThatBlocksIsStoppedFromTheWatchdogWithinItsBoundAndTheLoadStaysOffWhenItResumes() throws Exception {
        CountDownLatch release = cpu.blockNextSetTarget();
        assertThat(cpu.blocked().await(2, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() -> controller.resources().released());
        // The bound counts from the last tick that completed, which came after the CPU generator's last good call.
        assertThat(millisSince(cpu.lastReturnBeforeFaultNanos())).as("last good tick to zero load").isGreaterThanOrEqualTo(1000L);
        assertThat(millisSince(cpu.faultNanos())).as("stall to zero load").isLessThanOrEqualTo(2500L);
        assertThat(controller.live()).isFalse();

        release.countDown();
        await().atMost(Duration.ofSeconds(2)).until(() -> controller.live() && controller.state() == AgentState.STOPPED);
        assertThat(controller.lastStopReason()).startsWith("control loop stalled: no control tick for");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                controller.resources().released() && cpu.targetPercent() == 0);
        assertThat(controller.onCommand(phase("c1", 2, System.currentTimeMillis(), 60_000, 100, LOAD, 0, null)).kind())
                .as("renewals of the stalled cycle stay off").isEqualTo(CommandOutcome.Kind.IGNORED);
    }

    @Test
    void anErrorInTheTickStopsEverythingAndTheLoopTicksOn() {
        cpu.failNextSetTarget(new OutOfMemoryError("unable to create native thread: possibly out of memory"));

        await().atMost(Duration.ofSeconds(2)).until(() -> controller.state() == AgentState.STOPPED);
        assertThat(controller.lastStopReason()).startsWith("control tick failed: java.lang.OutOfMemoryError");
        await().atMost(Duration.ofSeconds(2)).until(() -> controller.resources().released());

        // The loop lives on: a new phase loads again, and its lease is enforced.
        assertThat(controller.onCommand(phase("c1", 2, 2, System.currentTimeMillis(), 500, 100, LOAD, 0, null)).kind())
                .isEqualTo(CommandOutcome.Kind.APPLIED);
        assertThat(controller.live()).isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> controller.state() == AgentState.STOPPED
                && controller.lastStopReason().contains("without renewal"));
    }

    @Test
    void aTickThatDiesForGoodIsStoppedFromTheWatchdogAndLivenessStaysDown() {
        // The tick fails, and so does its own stop of the CPU generator: the tick's task ends with the error.
        cpu.failNextStop(new OutOfMemoryError("Java heap space"));
        cpu.failNextSetTarget(new OutOfMemoryError("unable to create native thread: possibly out of memory"));

        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10)).until(() ->
                controller.generators().get(ResourceKind.CPU).activeThreads() == 0 && controller.resources().released());
        assertThat(millisSince(cpu.lastReturnBeforeFaultNanos())).as("last good tick to zero load").isGreaterThanOrEqualTo(1000L);
        assertThat(millisSince(cpu.faultNanos())).as("death to zero load").isLessThanOrEqualTo(2500L);
        await().atMost(Duration.ofSeconds(2)).until(() -> controller.state() == AgentState.STOPPED);
        assertThat(controller.lastStopReason()).contains("control loop stalled", "the tick died", "Java heap space");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !controller.live());
        assertThat(controller.onCommand(phase("c2", 1, System.currentTimeMillis(), 60_000, 100, LOAD, 0, null)).reason())
                .contains("the control loop is not ticking");
        assertThat(cpu.targetPercent()).isZero();
    }
}
