package io.stressfw.metrics.sampling;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProcfsFileTest {
    @TempDir
    Path dir;

    @Test
    void everyReadReturnsTheWholeCurrentContentWhetherItGrewOrShrank() throws IOException {
        Path file = dir.resolve("counters");
        Files.writeString(file, "first\n");
        ProcfsFile reader = new ProcfsFile(file);
        assertThat(reader.read()).hasToString("first\n");

        String large = "cpu0 1 2 3 4 5 6 7 8\n".repeat(1000);
        Files.writeString(file, large);
        assertThat(reader.read()).hasToString(large);

        Files.writeString(file, "short\n");
        assertThat(reader.read()).hasToString("short\n");
    }

    @Test
    void aFileThatCouldNotBeReadIsOpenedAgainOnTheNextRead() throws IOException {
        Path file = dir.resolve("late");
        ProcfsFile reader = new ProcfsFile(file);
        assertThatThrownBy(reader::read).isInstanceOf(IOException.class);

        Files.writeString(file, "MemTotal: 1 kB\n");
        assertThat(reader.read()).hasToString("MemTotal: 1 kB\n");
    }

    @Test
    void procfsIsGeneratedAfreshOnEachReadThroughTheSameDescriptor() throws Exception {
        Path uptime = Path.of("/proc/uptime");
        Assumptions.assumeTrue(Files.isReadable(uptime), "Linux procfs");
        ProcfsFile reader = new ProcfsFile(uptime);
        double first = uptimeSeconds(reader);
        // /proc/uptime moves in hundredths of a second: poll until it has, within a deadline.
        await().atMost(Duration.ofSeconds(2)).pollInSameThread().pollInterval(Duration.ofMillis(5)).until(() -> uptimeSeconds(reader) > first);
        assertThat(uptimeSeconds(reader)).isGreaterThan(first);
    }

    private static double uptimeSeconds(ProcfsFile reader) throws IOException {
        return Double.parseDouble(reader.read().toString().split(" ")[0]);
    }
}
