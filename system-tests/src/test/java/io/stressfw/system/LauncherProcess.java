package io.stressfw.system;

import io.stressfw.launcher.LaunchedChildren;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./stress up} as a real process (the launcher's JVM, as the {@code stress} script starts it), with every port
 * free-picked, its output in a file; what it printed tells the test where each service is.
 */
final class LauncherProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("(?m)^(\\S+)\\s+(http://\\S+) ready$");
    private static final Pattern KAFKA = Pattern.compile("(?m)^Kafka\\s+(\\S+)$");

    private final Process process;
    private final Path output;
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, ProcessHandle> children = new LinkedHashMap<>();
    private String bootstrap;

    private LauncherProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code StressCli up --port-base 0 --kafka-port 0 <args>} and waits until it says the stack is ready. */
    static LauncherProcess up(Path output, Map<String, String> env, String... args) {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As the `stress` script runs it.
                "-Dstress.home=" + home, "-cp", home.resolve("stress-launcher/target/stress-launcher.jar") + ":"
                        + home.resolve("stress-launcher/target/lib/*"),
                "io.stressfw.launcher.StressCli", "up", "--port-base", "0", "--kafka-port", "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        try {
            Files.createDirectories(output.getParent());
            LauncherProcess launcher = new LauncherProcess(builder.start(), output);
            launcher.awaitReady(Duration.ofSeconds(240));
            return launcher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String text = output();
            if (text.contains("Press Ctrl-C")) {
                Matcher ready = READY.matcher(text);
                while (ready.find()) {
                    urls.put(ready.group(1), ready.group(2));
                }
                Matcher kafka = KAFKA.matcher(text);
                bootstrap = kafka.find() ? kafka.group(1) : null;
                children.putAll(LaunchedChildren.byRole(process.toHandle()));
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("./stress up exited with " + process.exitValue() + ":\n" + text);
            }
            Scenarios.pause(Duration.ofMillis(200));
        }
        throw new AssertionError("./stress up not ready within " + timeout.toSeconds() + " s:\n" + output());
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String service) {
        String url = urls.get(service);
        if (url == null) {
            throw new AssertionError("no " + service + " in the launcher's output:\n" + output());
        }
        return url;
    }

    String bootstrapServers() {
        return bootstrap;
    }

    /** The child processes by role: each service's instance id, and {@code kafka-broker}. */
    Map<String, ProcessHandle> children() {
        return children;
    }

    ProcessHandle child(String role) {
        ProcessHandle child = children.get(role);
        if (child == null) {
            throw new AssertionError("no child " + role + " among " + children.keySet());
        }
        return child;
    }

    Process process() {
        return process;
    }

    /** SIGTERM, as Ctrl-C in a terminal (a background JVM ignores SIGINT: see BUILD-FACTS). */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: the launcher dies with no shutdown hook, as in an OOM kill. */
    void kill() {
        process.destroyForcibly();
    }

    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        children.values().forEach(ProcessHandle::destroyForcibly);
    }
}
