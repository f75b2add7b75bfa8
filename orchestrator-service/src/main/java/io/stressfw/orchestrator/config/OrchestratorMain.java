package io.stressfw.orchestrator.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.stressfw.plan.InvalidPlanException;

/**
 * Checks the cycles file before Quarkus starts: a bad file prints one line per problem (file, line, column, field,
 * reason) and exits 1, instead of a start-up failure with a stack trace. {@code --config FILE} is the seed's way to
 * name the file; {@code -Dstress.cycles.config} and {@code STRESS_CYCLES_CONFIG} work as before.
 */
@QuarkusMain
public final class OrchestratorMain {
    private OrchestratorMain() {
    }

    public static void main(String... args) {
        String[] rest = args;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                System.setProperty("stress.cycles.config", args[i + 1]);
                rest = new String[args.length - 2];
                System.arraycopy(args, 0, rest, 0, i);
                System.arraycopy(args, i + 2, rest, i, args.length - i - 2);
                break;
            }
        }
        String path = System.getProperty("stress.cycles.config", System.getenv("STRESS_CYCLES_CONFIG"));
        try {
            CyclePlans.load(path);
        } catch (InvalidPlanException e) {
            System.err.println("orchestrator-service: the cycles file cannot be used:");
            e.problems().forEach(p -> System.err.println("  " + p.describe()));
            System.exit(1);
        }
        Quarkus.run(rest);
    }
}
