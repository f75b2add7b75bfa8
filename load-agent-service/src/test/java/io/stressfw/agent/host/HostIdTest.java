package io.stressfw.agent.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostIdTest {
    @TempDir
    Path dir;

    @Test
    void aConfiguredIdWins() {
        assertThat(HostId.resolve(Optional.of(" node-a "), dir.resolve("none"), () -> "fallback")).isEqualTo("node-a");
    }

    @Test
    void byDefaultEveryProcessOnOneKernelGetsTheSameIdFromItsBootId() throws IOException {
        Path bootId = Files.writeString(dir.resolve("boot_id"), "d6568ab2-b68b-4a32-83c3-66a943c9388a\n");

        assertThat(HostId.resolve(Optional.empty(), bootId, () -> "fallback")).isEqualTo("host-d6568ab2b68b");
        assertThat(HostId.resolve(Optional.of("auto"), bootId, () -> "fallback")).isEqualTo("host-d6568ab2b68b");
    }

    @Test
    void withoutABootIdTheFallbackIsUsed() {
        assertThat(HostId.resolve(Optional.empty(), dir.resolve("missing"), () -> "my-laptop")).isEqualTo("my-laptop");
    }

    @Test
    void anIdWithOddCharactersIsRefused() {
        assertThatThrownBy(() -> HostId.resolve(Optional.of("node a"), dir, () -> "x"))
                .hasMessageContaining("stress.agent.host_id must be");
    }

    @Test
    void thisHostHasAnId() {
        assertThat(HostId.resolve(Optional.empty(), HostId.BOOT_ID, () -> "fallback")).isNotBlank();
    }
}
