package io.stressfw.agent.generator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScratchDirectoryTest {
    @TempDir
    Path base;

    @Test
    void removesLeftoversOfCrashedRunsAtStart() throws IOException {
        Path crashed = Files.createDirectories(base.resolve("agent-crashed"));
        Files.writeString(crashed.resolve("io-1.dat"), "left behind");
        try (ScratchDirectory scratch = new ScratchDirectory(base, "agent-new")) {
            assertThat(scratch.removedLeftovers()).isEqualTo(1);
            assertThat(crashed).doesNotExist();
        }
    }

    @Test
    void keepsTheDirectoryOfAnotherLiveAgent() {
        try (ScratchDirectory live = new ScratchDirectory(base, "agent-a");
             ScratchDirectory other = new ScratchDirectory(base, "agent-b")) {
            assertThat(other.removedLeftovers()).isZero();
            assertThat(live.path()).exists();
        }
    }

    @Test
    void closeDeletesTheInstanceDirectory() throws IOException {
        ScratchDirectory scratch = new ScratchDirectory(base, "agent-c");
        Files.writeString(scratch.path().resolve("x.dat"), "data");
        scratch.close();
        assertThat(scratch.path()).doesNotExist();
    }

    @Test
    void rejectsInstanceNamesThatCouldEscapeTheBase() {
        assertThatThrownBy(() -> new ScratchDirectory(base, "../etc")).hasMessageContaining("scratch instance name");
    }
}
