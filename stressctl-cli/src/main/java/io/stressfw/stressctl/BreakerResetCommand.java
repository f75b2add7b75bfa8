package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Close one breaker (POST /breakers/{id}/reset) or every one that is not closed (--all, "
                + "POST /breakers/reset). Needs the admin role when access control is on.")
final class BreakerResetCommand implements Callable<Integer> {

    @ParentCommand
    BreakersCommand breakers;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Parameters(paramLabel = "ID", description = "The breaker, e.g. cpu@node-a (see `stressctl breakers`).")
        String id;

        @Option(names = "--all", description = "Every breaker that is not closed.")
        boolean all;
    }

    @Override
    public Integer call() {
        OrchestratorClient client = breakers.root.client();
        if (which.all) {
            List<JsonNode> reset = Fields.array(client.post("/breakers/reset", null), "reset");
            breakers.root.out().println(reset.isEmpty() ? "no breaker was open" : "reset " + reset.size()
                    + " breaker" + (reset.size() == 1 ? "" : "s"));
            reset.forEach(b -> breakers.root.out().println("  " + BreakersCommand.describe(b)));
        } else {
            JsonNode breaker = client.post("/breakers/" + URLEncoder.encode(which.id, StandardCharsets.UTF_8)
                    .replace("+", "%20") + "/reset", null);
            breakers.root.out().println("reset " + BreakersCommand.describe(breaker));
        }
        return CycleVerdict.COMPLETED;
    }
}
