package io.stressfw.launcher;

import io.stressfw.model.Checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service running as a child JVM, with its output in a log file. It can be stopped gracefully,
 * killed like a crash, and started again with the same settings.
 *
 * <p>The service's standard input is a pipe this JVM holds, and the service is told so
 * ({@code STRESS_EXIT_WITH_LAUNCHER=true}): when this JVM dies, however it dies, the pipe ends and the service shuts
 * itself down (service-commons' {@code LauncherLink}). No orphan is left loading the host.
 */
public final class ServiceProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path runJar;
    private final String host;
    private final int port;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final List<String> wrapper;
    private final Path logFile;
    private Process process;

    private ServiceProcess(Builder builder) {
        this.name = builder.name;
        this.runJar = builder.runJar;
        this.host = builder.host;
        this.port = builder.port;
        this.env = Map.copyOf(builder.env);
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.wrapper = List.copyOf(builder.wrapper);
        this.logFile = Checks.notNull(builder.logFile, "log file");
    }

    /** A service named {@code name} run from {@code runJar} ({@code <module>/target/quarkus-app/quarkus-run.jar}). */
    public static Builder builder(String name, Path runJar) {
        return new Builder(name, runJar);
    }

    /** The same service with {@code extra} added to its environment, not started: e.g. a skewed clock for one run. */
    public ServiceProcess withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(extra);
        return new Builder(name, runJar).host(host).port(port).environment(merged).jvmOptions(jvmOptions)
                .wrapper(wrapper).logFile(logFile).build();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public String url() {
        return "http://" + host + ":" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public Map<String, String> environment() {
        return env;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The running process, for the run's process record; empty when it is not running. */
    public synchronized Optional<ProcessHandle> handle() {
        return process == null ? Optional.empty() : Optional.of(process.toHandle());
    }

    /** Starts the JVM without waiting for it to be ready; see {@link #awaitReady(Duration)}. */
    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException(runJar + " is missing: build first with ./mvnw package -DskipTests");
        }
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(runJar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("STRESS_HTTP_PORT", String.valueOf(port));
        // Standard input stays a pipe held by this JVM (ProcessBuilder's default): its end tells the service we died.
        environment.put("STRESS_EXIT_WITH_LAUNCHER", "true");
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "---- " + name + " starting at " + Instant.now() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early, with the log's tail, if the process dies. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; last log lines:\n" + logTail(20));
            }
            if (isReady()) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + " s; last log lines:\n" + logTail(20));
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, so Quarkus shuts down in order; SIGKILL if it has not exited within the grace period. */
    public void stop(Duration grace) {
        terminate();
        if (!awaitExit(grace)) {
            kill();
        }
        forget();
    }

    /** Sends SIGTERM and returns at once; {@link #awaitExit(Duration)} waits for the end. */
    public synchronized void terminate() {
        if (process != null) {
            // Through the handle: Process.destroy() would also close the service's standard input, a second and
            // concurrent shutdown request (LauncherLink) racing the signal's.
            process.toHandle().destroy();
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true when it is gone (or was never started). */
    public boolean awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return true;
        }
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: the service dies as in a crash, with no shutdown hooks. */
    public void kill() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forget();
    }

    private synchronized void forget() {
        if (process != null && !process.isAlive()) {
            process = null;
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static final class Builder {
        private final String name;
        private final Path runJar;
        private String host = "127.0.0.1";
        private int port;
        private Map<String, String> env = Map.of();
        private List<String> jvmOptions = List.of();
        private List<String> wrapper = List.of();
        private Path logFile;

        private Builder(String name, Path runJar) {
            this.name = Checks.notBlank(name, "service name");
            this.runJar = Checks.notNull(runJar, "run jar");
        }

        /**
         * The address its URL uses (default 127.0.0.1); the service itself listens where its environment's
         * {@code QUARKUS_HTTP_HOST} says (every address when not given).
         */
        public Builder host(String host) {
            this.host = Checks.notBlank(host, "host");
            return this;
        }

        /** Its HTTP port, given to it as {@code STRESS_HTTP_PORT}. */
        public Builder port(int port) {
            this.port = (int) Checks.between(port, 1, 65535, "port");
            return this;
        }

        public Builder environment(Map<String, String> env) {
            this.env = Map.copyOf(Checks.notNull(env, "environment"));
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(Checks.notNull(options, "JVM options"));
            return this;
        }

        /** A command the {@code java} command line runs through, e.g. {@code ip netns exec NS}; default none. */
        public Builder wrapper(List<String> command) {
            this.wrapper = List.copyOf(Checks.notNull(command, "wrapper"));
            return this;
        }

        /** Where its console output goes (appended). */
        public Builder logFile(Path logFile) {
            this.logFile = Checks.notNull(logFile, "log file");
            return this;
        }

        public ServiceProcess build() {
            return new ServiceProcess(this);
        }
    }
}
