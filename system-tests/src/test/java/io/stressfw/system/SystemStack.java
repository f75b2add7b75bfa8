package io.stressfw.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.stressfw.kafka.Directories;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;
import io.stressfw.launcher.SmallStackEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system for the tests of this JVM, started once: the embedded broker and the packaged services as separate
 * processes, with two agents, exactly as {@code ./stress up --agents 2} runs them. Stopped when the JVM exits.
 */
final class SystemStack {
    private static LocalStack stack;
    private static JsonNode initialRules;
    private static Map<String, Instant> launched;

    private SystemStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
            try {
                // Kept after the run (target/system-stack/run/logs) so that a failure can be read afterwards.
                Path work = Path.of(System.getProperty("stress.system.work", "target/system-stack")).toAbsolutePath();
                Directories.deleteRecursively(work);
                Files.createDirectories(work);
                Path config = work.resolve("cycles.yaml");
                try (InputStream in = SystemStack.class.getResourceAsStream("/system-test-cycles.yaml")) {
                    Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
                }
                LaunchOptions options = LaunchOptions.forTests(home, work.resolve("run"), 2)
                        .withCyclesConfig(config)
                        .withKeepData(true)
                        // Small memory, disk and network caps: the tests share the machine with the build. The scope
                        // (host: the two agents share the whole host) and the safety rules are the defaults.
                        .withEnvironment(SmallStackEnvironment.SMALL_CAPS);
                stack = LocalStack.start(options);
                LocalStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-stack-stop"));
                launched = launchInstants(started);
                // Read once, before any scenario changes them: every scenario restores exactly these.
                initialRules = Http.getJson(started.service(LocalStack.SAFETY).url() + "/safety/thresholds").path("rules");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }

    /** Safety-service's rules as the stack started with them, read before any scenario ran. */
    static synchronized JsonNode initialRules() {
        get();
        return initialRules;
    }

    /**
     * When each process of the stack (each service by name, and {@code kafka-broker}) was started by the launcher,
     * read once at start: a fault scenario restarts some of them later.
     */
    static synchronized Map<String, Instant> launched() {
        get();
        return launched;
    }

    private static Map<String, Instant> launchInstants(LocalStack started) {
        Map<String, Instant> instants = new LinkedHashMap<>();
        started.broker().ifPresent(broker -> instants.put("kafka-broker", startInstant(broker.pid())));
        started.services().forEach(service -> instants.put(service.name(),
                startInstant(service.handle().orElseThrow().pid())));
        return Map.copyOf(instants);
    }

    private static Instant startInstant(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant())
                .orElseThrow(() -> new IllegalStateException("process " + pid + " of the stack is gone"));
    }

    static String orchestrator() {
        return get().service(LocalStack.ORCHESTRATOR).url();
    }

    static String safety() {
        return get().service(LocalStack.SAFETY).url();
    }

    static String metrics() {
        return get().service(LocalStack.METRICS).url();
    }

    static List<ServiceProcess> agents() {
        return get().agents();
    }

    static JsonNode agentStatus(ServiceProcess agent) {
        return Http.getJson(agent.url() + "/agent/status");
    }

    /** Brings back anything a fault scenario took down and waits until the whole system is ready again. */
    static void heal() {
        LocalStack s = get();
        s.broker().ifPresent(broker -> {
            if (!broker.isRunning()) {
                broker.start();
            }
        });
        for (ServiceProcess service : s.services()) {
            if (!service.isAlive()) {
                service.start();
            }
        }
        for (ServiceProcess service : s.services()) {
            service.awaitReady(Duration.ofSeconds(120));
        }
    }
}
