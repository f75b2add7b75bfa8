package io.stressfw.agent.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.stressfw.plan.InvalidPlanException;

/**
 * Checks the agent's config file before Quarkus starts: a bad file prints one line per problem (file, line, column,
 * field, reason) and exits 1 instead of a start-up stack trace. {@code --config FILE} names the file as the seed
 * did; {@code -Dstress.agent.config} and {@code STRESS_AGENT_CONFIG} work too.
 */
@QuarkusMain
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String... args) {
        String[] rest = args;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                System.setProperty(AgentConfigFile.PROPERTY, args[i + 1]);
                rest = new String[args.length - 2];
                System.arraycopy(args, 0, rest, 0, i);
                System.arraycopy(args, i + 2, rest, i, args.length - i - 2);
                break;
            }
        }
        try {
            AgentConfigFile.properties(System.getProperty(AgentConfigFile.PROPERTY, System.getenv(AgentConfigFile.ENV)));
        } catch (InvalidPlanException e) {
            System.err.println("load-agent-service: the config file cannot be used:");
            e.problems().forEach(p -> System.err.println("  " + p.describe()));
            System.exit(1);
        }
        Quarkus.run(rest);
    }
}
