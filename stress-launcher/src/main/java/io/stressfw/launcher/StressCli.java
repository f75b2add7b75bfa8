package io.stressfw.launcher;

import io.stressfw.model.Checks;
import io.stressfw.plan.InvalidPlanException;
import io.stressfw.plan.PlanParser;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ./stress up [options]}: runs the platform locally until Ctrl-C. */
public final class StressCli {
    static final String USAGE = """
            usage: ./stress up [--agents N] [--config FILE] [--keep-data] [--work-dir DIR] [--kafka-port PORT]
                               [--port-base PORT] [--listen ADDR]
                   ./stress demo [--agents N]   (all seven phases in about 90 s, dashboard open, then the report)

              --agents N         load-agent replicas to start (1-16, default 1)
              --config FILE      stress_cycles.yaml for the orchestrator (default: the bundled one), in the
                                 seed's form or today's; checked first: a bad file starts nothing
              --keep-data        keep broker data, service data and logs under the work dir on exit; the next
                                 run in that directory starts on them (history included) and keeps them too
              --work-dir DIR     where the run keeps data and logs (default .stress/run)
              --kafka-port PORT  port of the embedded broker (default 9092; 0 = any free port)
              --port-base PORT   orchestrator on PORT, safety PORT+1, metrics PORT+2, agents from PORT+100
                                 (default 8000; 0 = any free ports)
              --listen ADDR      listen on ADDR (0.0.0.0: every interface) instead of 127.0.0.1; this turns access
                                 control on: API keys are generated and printed (or STRESS_AUTH_API_KEYS is used),
                                 and the broker takes only SASL/SCRAM clients

            With KAFKA_BOOTSTRAP_SERVERS set, the services use that broker and none is started.
            Logs: <work-dir>/logs/<service>.log. Debug logging: QUARKUS_LOG_CATEGORY__IO_STRESSFW__LEVEL=DEBUG.
            """;

    private StressCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        LaunchOptions options;
        try {
            options = parse(args, Path.of(System.getProperty("stress.home", ".")).toAbsolutePath().normalize(),
                    System.getenv(), out);
        } catch (IllegalArgumentException e) {
            err.println("stress: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options == null) {
            out.print(USAGE);
            return 0;
        }
        if (!planIsValid(options.cyclesConfig(), err)) {
            return 1;
        }
        return up(options, out, err);
    }

    /**
     * Checks {@code --config} with the orchestrator's own parser before the broker and the services start: a bad
     * file is one line per problem (file, line, column, field, reason) and nothing starts.
     */
    static boolean planIsValid(Path file, PrintStream err) {
        if (file == null) {
            return true;
        }
        try {
            PlanParser.parseFile(file, PlanParser.Require.PHASES);
            return true;
        } catch (InvalidPlanException e) {
            err.println("stress: " + file + " cannot be used (" + e.problems().size()
                    + (e.problems().size() == 1 ? " problem" : " problems") + "); nothing was started:");
            e.problems().forEach(p -> err.println("  " + p.describe()));
            err.println("Check a plan without starting anything: ./stressctl validate -f " + file);
            return false;
        }
    }

    /** The options of a command line; {@code env} is the process environment ({@code KAFKA_BOOTSTRAP_SERVERS}). */
    static LaunchOptions parse(String[] args, Path home, Map<String, String> env, PrintStream out) {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        if (rest.isEmpty() || List.of("-h", "--help", "help").contains(rest.peek())) {
            return null;
        }
        String command = rest.pop();
        if (!command.equals("up")) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        LaunchOptions options = LaunchOptions.defaults(home).withOut(out);
        String external = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            options = options.withExternalKafka(external);
        }
        while (!rest.isEmpty()) {
            String option = rest.pop();
            switch (option) {
                case "--agents" -> options = options.withAgents(intValue(option, rest, 1, 16));
                case "--config" -> {
                    Path file = Path.of(value(option, rest));
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalArgumentException("--config: no such file " + file);
                    }
                    options = options.withCyclesConfig(file);
                }
                case "--keep-data" -> options = options.withKeepData(true);
                case "--work-dir" -> options = options.withWorkDir(Path.of(value(option, rest)).toAbsolutePath());
                case "--kafka-port" -> options = options.withKafkaPort(intValue(option, rest, 0, 65535));
                case "--port-base" -> options = options.withPortBase(intValue(option, rest, 0, 65535 - 100 - 15));
                case "--listen" -> options = options.withListenAddress(address(option, rest));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return options;
    }

    private static int up(LaunchOptions options, PrintStream out, PrintStream err) {
        LocalStack stack;
        try {
            out.printf("Starting the Stress Testing Framework (%d agent%s)...%n", options.agents(), options.agents() == 1 ? "" : "s");
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            err.println("stress: start failed: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long start = System.nanoTime();
            stopping.set(true);
            out.println("\nStopping services and broker...");
            try {
                stack.close();
                out.printf("Stopped in %.1f s; %s%n", (System.nanoTime() - start) / 1e9,
                        stack.keepsData() ? "data and logs kept in " + stack.workDir() : "run data removed.");
            } finally {
                stopped.countDown();
            }
        }, "stress-shutdown"));
        String orchestrator = stack.service(LocalStack.ORCHESTRATOR).url();
        out.println();
        out.println("Dashboard       " + orchestrator + "/");
        out.println("Control API     " + orchestrator + "  (Swagger UI: " + orchestrator + "/q/swagger-ui)");
        out.println("Kafka           " + stack.bootstrapServers());
        out.println("Logs            " + stack.workDir().resolve("logs"));
        RunSecurityReport.print(stack, out);
        out.println("Press Ctrl-C to stop everything.");
        watch(stack, stopping, out);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Reports a process that dies on its own; the stack keeps running so the operator can read its log. */
    private static void watch(LocalStack stack, AtomicBoolean stopping, PrintStream out) {
        Thread watcher = new Thread(() -> {
            Set<String> reported = new HashSet<>();
            while (!stopping.get()) {
                stack.broker().ifPresent(broker -> {
                    if (!broker.isRunning() && !stopping.get() && reported.add("kafka-broker")) {
                        out.println("!! Kafka broker exited; see " + broker.logFile()
                                + " (agents stop their load within seconds; stop with Ctrl-C and start again)");
                    }
                });
                for (ServiceProcess service : stack.services()) {
                    if (!service.isAlive() && !stopping.get() && reported.add(service.name())) {
                        out.println("!! " + service.name() + " exited; see " + service.logFile());
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stress-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static String value(String option, Deque<String> rest) {
        if (rest.isEmpty() || rest.peek().startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return rest.pop();
    }

    /** An IP address or host name to listen on, checked before anything starts. */
    private static String address(String option, Deque<String> rest) {
        String raw = value(option, rest).trim();
        try {
            java.net.InetAddress.getByName(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(option + ": '" + raw + "' is neither an address nor a known host name");
        }
        return raw;
    }

    private static int intValue(String option, Deque<String> rest, int min, int max) {
        String raw = value(option, rest);
        try {
            return (int) Checks.between(Integer.parseInt(raw), min, max, option);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + raw + "'");
        }
    }
}
