package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

@Command(name = "breakers", mixinStandardHelpOptions = true,
        description = "List safety-service's circuit breakers through the orchestrator (GET /breakers).",
        subcommands = BreakerResetCommand.class)
final class BreakersCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Override
    public Integer call() {
        List<JsonNode> breakers = Fields.array(root.client().get("/breakers"), "breakers");
        PrintStream out = root.out();
        if (breakers.isEmpty()) {
            out.println("no breakers: every rule has stayed within its limits");
            return CycleVerdict.COMPLETED;
        }
        for (JsonNode breaker : breakers) {
            out.println(describe(breaker));
        }
        return CycleVerdict.COMPLETED;
    }

    /** {@code cpu@node-a  open until 2026-11-30T07:01:02Z  trips 2  opened by cycle cycle-1a2b3c4d}. */
    static String describe(JsonNode breaker) {
        StringBuilder line = new StringBuilder();
        line.append(Fields.text(breaker, "breaker_id")).append("  ").append(Fields.text(breaker, "state"));
        OptionalDouble until = Fields.number(breaker, "open_until_ms");
        if (until.isPresent()) {
            line.append(" until ").append(Instant.ofEpochMilli((long) until.getAsDouble()));
        }
        OptionalDouble trips = Fields.number(breaker, "trips");
        if (trips.isPresent()) {
            line.append("  trips ").append((long) trips.getAsDouble());
        }
        String cycle = Fields.text(breaker, "opened_in_cycle");
        if (cycle != null) {
            line.append("  opened by cycle ").append(cycle);
        }
        return line.toString();
    }
}
