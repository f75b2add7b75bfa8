package io.stressfw.kafka;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocalJvmTest {
    @Test
    void classpathVerificationIsLeftOnWhereTheOptionWasNotChecked() {
        assertThat(LocalJvm.withoutClasspathVerification(true, 17)).containsExactly("-XX:+UnlockDiagnosticVMOptions",
                "-XX:-BytecodeVerificationRemote");
        assertThat(LocalJvm.withoutClasspathVerification(true, LocalJvm.NEWEST_CHECKED_FEATURE)).hasSize(2);
        assertThat(LocalJvm.withoutClasspathVerification(true, LocalJvm.NEWEST_CHECKED_FEATURE + 1)).isEmpty();
        assertThat(LocalJvm.withoutClasspathVerification(false, 17)).isEmpty();
    }

    @Test
    void aJvmOfThisJavaHomeStartsWithTheOptionsItIsGiven() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LocalJvm.withoutClasspathVerification());
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).doesNotContainIgnoringCase("warning");
        assertThat(LocalJvm.withoutClasspathVerification()).as("this build's JVMs are HotSpot 17 to 25").hasSize(2);
    }

    @Test
    void knowsProductOptionsOnly() {
        assertThat(LocalJvm.knows("UseSerialGC")).isTrue();
        assertThat(LocalJvm.knows("NoSuchOptionAnywhere")).isFalse();
    }
}
