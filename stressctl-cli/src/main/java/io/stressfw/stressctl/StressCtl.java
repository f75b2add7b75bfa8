package io.stressfw.stressctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintStream;
import java.io.PrintWriter;

/** Entry point of {@code stressctl}: drives the orchestrator's REST API from a terminal or a CI pipeline. */
@Command(name = "stressctl",
        mixinStandardHelpOptions = true,
        versionProvider = StressCtl.Version.class,
        description = "Controls stress cycles on the Stress Testing Framework's orchestrator.",
        footer = {"", "Exit codes: 0 success (cycle completed), 1 error, 2 cycle aborted by safety, "
                + "3 cycle ran under its target."},
        subcommands = {StartCommand.class, QuickCommand.class, StatusCommand.class, GracefulStopCommand.class,
                EmergencyStopCommand.class, AdjustCommand.class, ReportCommand.class, BreakersCommand.class,
                ValidateCommand.class,
                CommandLine.HelpCommand.class})
public final class StressCtl implements Runnable {

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:STRESS_URL:-http://localhost:8000}",
            description = "Orchestrator address (env STRESS_URL, default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            defaultValue = "${env:STRESS_TOKEN}",
            description = "Bearer token sent when auth is on (env STRESS_TOKEN).")
    String token;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final CliClock clock;
    private final ShutdownHooks hooks;

    public StressCtl(PrintStream out, PrintStream err, boolean terminal) {
        this(out, err, terminal, CliClock.SYSTEM, ShutdownHooks.RUNTIME);
    }

    StressCtl(PrintStream out, PrintStream err, boolean terminal, CliClock clock, ShutdownHooks hooks) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.hooks = hooks;
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.console() != null, args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(PrintStream out, PrintStream err, boolean terminal, String... args) {
        return run(out, err, terminal, CliClock.SYSTEM, args);
    }

    /** As {@link #run(PrintStream, PrintStream, boolean, String...)} on the given clock (the seam the tests use). */
    static int run(PrintStream out, PrintStream err, boolean terminal, CliClock clock, String... args) {
        return run(out, err, terminal, clock, ShutdownHooks.RUNTIME, args);
    }

    /** As above, with the shutdown hooks a test records instead of the runtime's. */
    static int run(PrintStream out, PrintStream err, boolean terminal, CliClock clock, ShutdownHooks hooks,
                   String... args) {
        CommandLine commandLine = new CommandLine(new StressCtl(out, err, terminal, clock, hooks));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        // 2 is reserved for "aborted by safety": every other failure, including a bad command line, is 1.
        commandLine.setExitCodeExceptionMapper(e -> CycleVerdict.ERROR);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("stressctl: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return CycleVerdict.ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof OrchestratorException || e instanceof IllegalArgumentException) {
                err.println("stressctl: " + e.getMessage());
            } else {
                err.println("stressctl: unexpected " + e);
            }
            return CycleVerdict.ERROR;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    OrchestratorClient client() {
        return new OrchestratorClient(url, token);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean terminal() {
        return terminal;
    }

    CliClock clock() {
        return clock;
    }

    ShutdownHooks hooks() {
        return hooks;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = StressCtl.class.getPackage().getImplementationVersion();
            return new String[]{"stressctl " + (version == null ? "development build" : version)};
        }
    }
}
