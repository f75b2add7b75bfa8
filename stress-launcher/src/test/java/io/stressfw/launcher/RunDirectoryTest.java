package io.stressfw.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunDirectoryTest {
    @TempDir
    Path base;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endChildren() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void leftoversOfARunThatDidNotStopCleanlyAndKeptNothingAreRemoved() throws IOException {
        Path dir = earlierRun(false);

        try (RunDirectory run = RunDirectory.claim(dir, false, out)) {
            assertThat(dir.resolve("logs/agent-1.log")).doesNotExist();
            assertThat(dir.resolve("kafka/logs/meta.properties")).doesNotExist();
            assertThat(run.keepsData()).isFalse();
            assertThat(run.reusesKeptData()).isFalse();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Removed what an earlier run left in " + dir);
        assertThat(dir).as("removed on a clean exit").doesNotExist();
    }

    @Test
    void keptDataIsUsedAgainAndKeptAgainEvenWithoutTheFlag() throws IOException {
        Path dir = earlierRun(true);

        try (RunDirectory run = RunDirectory.claim(dir, false, out)) {
            assertThat(run.reusesKeptData()).isTrue();
            assertThat(run.keepsData()).isTrue();
            assertThat(dir.resolve("data/orchestrator/cycles/cycle-1.json")).hasContent("{}");
        }
        assertThat(dir.resolve("data/orchestrator/cycles/cycle-1.json")).as("still kept after the exit").exists();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Using the data kept in " + dir);
    }

    @Test
    void aDirectoryThatIsNotARunsIsRefusedAndNeverDeleted() throws IOException {
        Path dir = Files.createDirectories(base.resolve("home"));
        Files.writeString(dir.resolve("thesis.tex"), "years of work");

        assertThatThrownBy(() -> RunDirectory.claim(dir, false, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--work-dir " + dir + " holds files that are not a ./stress run's (thesis.tex): give an empty or new directory");
        assertThat(dir.resolve("thesis.tex")).hasContent("years of work");
    }

    @Test
    void aSecondLauncherOnTheSameDirectoryIsRefusedWhileTheFirstHoldsIt() {
        Path dir = base.resolve("run");
        try (RunDirectory first = RunDirectory.claim(dir, false, out)) {
            assertThatThrownBy(() -> RunDirectory.claim(dir, false, out))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("another ./stress up (pid " + ProcessHandle.current().pid() + ") is using " + dir
                            + ": stop it first, or give this run another --work-dir");
        }
        try (RunDirectory next = RunDirectory.claim(dir, false, out)) {
            assertThat(next.path()).isEqualTo(dir);
        }
    }

    @Test
    void processesADeadRunLeftRunningAreStoppedBeforeTheNextStarts() throws Exception {
        Path dir = earlierRun(false);
        Process orphan = child("exec sleep 120");
        // A child that ignores SIGTERM, as a hung service would: it gets SIGKILL after the grace period.
        Process stubborn = child("trap '' TERM; while true; do sleep 0.1; done");
        ProcessRecord.write(dir, Map.of("agent-1", orphan.toHandle(), "orchestrator", stubborn.toHandle()));

        long start = System.nanoTime();
        try (RunDirectory ignored = RunDirectory.claim(dir, false, out)) {
            assertThat(orphan.isAlive()).isFalse();
            assertThat(stubborn.isAlive()).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(RunDirectory.LEFTOVER_GRACE.plusSeconds(5));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Stopping what an earlier run left running:", "agent-1 (pid " + orphan.pid() + ")",
                        "orchestrator (pid " + stubborn.pid() + ") did not stop within 5 s; killed");
    }

    @Test
    void aRecordedPidThatNowBelongsToAnotherProcessIsLeftAlone() throws Exception {
        Path dir = earlierRun(false);
        Process stranger = child("exec sleep 120");
        long start = stranger.toHandle().info().startInstant().orElseThrow().toEpochMilli();
        // The pid is recorded with another start time: the kernel gave the old pid to someone else.
        Files.writeString(dir.resolve(ProcessRecord.FILE), "agent-1 " + stranger.pid() + " " + (start - 60_000) + "\n");

        try (RunDirectory ignored = RunDirectory.claim(dir, false, out)) {
            assertThat(stranger.isAlive()).isTrue();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("Stopping what an earlier run left running");
    }

    /** The directory a run left behind: its marker, logs, broker and service data. */
    private Path earlierRun(boolean keptData) throws IOException {
        Path dir = base.resolve("run");
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("kafka/logs"));
        Files.createDirectories(dir.resolve("data/orchestrator/cycles"));
        Files.writeString(dir.resolve("logs/agent-1.log"), "started\n");
        Files.writeString(dir.resolve("kafka/logs/meta.properties"), "cluster.id=abc\n");
        Files.writeString(dir.resolve("data/orchestrator/cycles/cycle-1.json"), "{}");
        Files.writeString(dir.resolve(RunDirectory.MARKER), "keep-data=" + keptData + "\n");
        return dir;
    }

    private Process child(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).start();
        started.add(process);
        // The start time must be readable before it is recorded; it is as soon as the process exists.
        process.waitFor(50, TimeUnit.MILLISECONDS);
        return process;
    }
}
