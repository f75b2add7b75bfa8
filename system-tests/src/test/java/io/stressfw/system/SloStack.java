package io.stressfw.system;

import io.stressfw.kafka.Directories;
import io.stressfw.kafka.PrometheusServer;
import io.stressfw.launcher.LaunchOptions;
import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The stack of issue 19's scenarios, started once per test JVM (surefire execution {@code slo-probes}) and stopped
 * when it exits: the user's service ({@link ContentionService}) and a gauge exporter ({@link GaugeExporter}) in this
 * JVM, a real Prometheus scraping the exporter (when Debian's {@code prometheus} is installed), then the broker and the
 * five services, two agents in the default host scope with no core cap, the default safety rules, and a configured
 * plan whose probes are the service's {@code checkout} (http) and the exporter's {@code queue_depth} (promql) from the
 * orchestrator, and the exporter's {@code edge} ({@code /status}, http) from every agent: probes run from the
 * orchestrator's start-up, so the ports are written into the plan before the stack starts.
 */
final class SloStack {
    /** The probes' section, the same in the configured plan and in every plan a scenario sends with its start. */
    private static String probes;
    private static LocalStack stack;
    private static ContentionService service;
    private static GaugeExporter exporter;
    private static PrometheusServer prometheus;
    private static ControlPlane control;
    /** A host this busy with no cycle running is not at rest (the default CPU rule stops at 95). */
    static final double QUIET_HOST_PERCENT = 70;

    private SloStack() {
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SloStack::stopAll, "slo-stack-stop"));
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                start();
            } catch (IOException | RuntimeException e) {
                // The next scenario starts afresh, nothing of this attempt left running.
                stopAll();
                stack = null;
                prometheus = null;
                exporter = null;
                service = null;
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }
        return stack;
    }

    private static void start() throws IOException {
        Path home = Path.of(System.getProperty("stress.home", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("stress.system.work", "target/system-stack")).toAbsolutePath()
                .resolveSibling("slo-stack");
        Directories.deleteRecursively(work);
        Files.createDirectories(work);
        service = ContentionService.start();
        exporter = GaugeExporter.start();
        String prometheusUrl = "http://127.0.0.1:9";
        if (Files.isExecutable(PrometheusServer.BINARY)) {
            prometheus = new PrometheusServer(exporter.target());
            prometheus.awaitReady(Duration.ofSeconds(60));
            prometheusUrl = prometheus.uri().toString();
        }
        probes = """
                probes:
                  checkout: {type: http, url: "%s", interval: 100ms, timeout: 100ms, window: 2s}
                  queue_depth: {type: promql, url: "%s", query: "max(%s)", interval: 500ms, window: 2s}
                  edge: {type: http, url: "%s", interval: 200ms, timeout: 200ms, window: 1s, run_on: agents}
                """.formatted(service.checkout(), prometheusUrl, GaugeExporter.GAUGE, exporter.statusUrl());
        Path cycles = work.resolve("cycles.yaml");
        Files.writeString(cycles, "# Issue 19's scenarios: the probes run from start-up; each scenario sends its own phases.\n"
                + probes + """
                phases:
                  light: {min_load: 10, max_load: 25, target_load: 20, duration_seconds: 10, ramp_up_seconds: 1,
                          ramp_down_seconds: 1, cpu_weight: 1.0}
                """);
        stack = LocalStack.start(LaunchOptions.forTests(home, work.resolve("run"), 2).withCyclesConfig(cycles)
                .withKeepData(true).withEnvironment(Map.of(
                        // Small memory, disk and network caps (the scenarios load CPU); scope and rules are the defaults.
                        "STRESS_AGENT_LOAD_GENERATORS_MEMORY_LIMIT_GB", "0.0625",
                        "STRESS_AGENT_LOAD_GENERATORS_MEMORY_CHUNK_SIZE_MB", "2",
                        "STRESS_AGENT_LOAD_GENERATORS_IO_OPERATIONS_PER_SECOND", "50",
                        "STRESS_AGENT_LOAD_GENERATORS_NETWORK_BANDWIDTH_MBPS", "4")));
        LocalStack started = stack;
        awaitPlatformSettled(started);
        String safety = started.service(LocalStack.SAFETY).url();
        // Read once, before any scenario: the defaults, which every scenario runs with and is put back to.
        com.fasterxml.jackson.databind.JsonNode rules = Http.getJson(safety + "/safety/thresholds").path("rules");
        control = new ControlPlane(SloStack::orchestrator, () -> safety, () -> rules);
    }

    /**
     * Right after ready the services still compile their code on every core: a scenario's cycle started then met the
     * global CPU rule (host over 95 % for 2 s, the platform's own start-up with two agents, Prometheus and this JVM
     * beside it) whichever scenario came first. Wait until the platform's processes take under a quarter of the host
     * (about a tenth once warm) and the whole host is under {@value #QUIET_HOST_PERCENT} % over two 3 s windows in a
     * row, at most 90 s: every scenario starts on a settled platform and host.
     */
    private static void awaitPlatformSettled(LocalStack started) {
        List<Long> pids = started.services().stream().map(ServiceProcess::pid).toList();
        long since = System.nanoTime();
        long deadline = since + Duration.ofSeconds(90).toNanos();
        ProcCpu.Reading earlier = ProcCpu.read(pids);
        double share;
        double host;
        int quietWindows = 0;
        do {
            Scenarios.pause(Duration.ofSeconds(3));
            ProcCpu.Reading now = ProcCpu.read(pids);
            share = now.processPercentSince(earlier);
            host = now.hostPercentSince(earlier);
            earlier = now;
            quietWindows = share < 25 && host < QUIET_HOST_PERCENT ? quietWindows + 1 : 0;
        } while (quietWindows < 2 && System.nanoTime() - deadline < 0);
        System.out.printf("platform at %.1f %%, host at %.1f %% over 3 s, %.0f s after ready%n", share, host,
                (System.nanoTime() - since) / 1e9);
    }

    private static void stopAll() {
        if (stack != null) {
            stack.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        if (service != null) {
            service.close();
        }
    }

    static String orchestrator() {
        return get().service(LocalStack.ORCHESTRATOR).url();
    }

    static String metrics() {
        return get().service(LocalStack.METRICS).url();
    }

    static ControlPlane control() {
        get();
        return control;
    }

    /** The {@code probes:} section of the configured plan, to be sent unchanged with a scenario's own plan. */
    static String probes() {
        get();
        return probes;
    }

    static boolean hasPrometheus() {
        get();
        return prometheus != null;
    }

    static GaugeExporter exporter() {
        get();
        return exporter;
    }
}
