package io.stressfw.stressctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the orchestrator's state, the current phase, agents and breakers "
        + "(GET /status).")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Option(names = "--json", description = "Print the raw JSON answer.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        JsonNode status = root.client().get("/status");
        PrintStream out = root.out();
        if (json) {
            out.println(OrchestratorClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
            return CycleVerdict.COMPLETED;
        }
        String cycleId = Fields.text(status, "cycle_id");
        out.println("state:   " + orDash(Fields.text(status, "state"))
                + (cycleId == null ? "" : "   cycle " + cycleId));
        if (Fields.text(status, "current_phase") != null) {
            out.println("phase:   " + ProgressFormatter.plain(status).substring("phase ".length()));
        }
        JsonNode safety = status.get("safety_online");
        if (safety != null && !safety.isNull()) {
            out.println("safety:  " + (safety.asBoolean() ? "online" : "OFFLINE (starts are refused)"));
        }
        List<JsonNode> agents = Fields.array(status, "agents");
        out.println("agents:  " + agents.size());
        for (JsonNode agent : agents) {
            out.println("  " + orDash(Fields.text(agent, "id", "agent_id", "instance_id"))
                    + "  " + achievedText(agent) + leaseText(agent, root.clock().wallMillis()));
        }
        List<JsonNode> breakers = Fields.array(status, "breakers");
        if (!breakers.isEmpty()) {
            out.println("breakers: " + breakers.size());
            for (JsonNode breaker : breakers) {
                out.println("  " + orDash(Fields.text(breaker, "breaker_id", "id", "rule_id")) + "  "
                        + orDash(Fields.text(breaker, "to", "state")));
            }
        }
        return CycleVerdict.COMPLETED;
    }

    /** Each generator's achieved percent, e.g. "cpu 24.1% memory 10.0%". */
    private static String achievedText(JsonNode agent) {
        JsonNode generators = agent.get("generators");
        StringBuilder text = new StringBuilder();
        if (generators != null && generators.isObject()) {
            generators.fields().forEachRemaining(entry -> {
                if (Fields.number(entry.getValue(), "achieved_percent").isPresent()) {
                    text.append(text.length() == 0 ? "achieved " : " ").append(entry.getKey()).append(' ')
                            .append(Fields.percent(Fields.number(entry.getValue(), "achieved_percent")));
                }
            });
        }
        return text.length() == 0 ? "achieved -" : text.toString();
    }

    private static String leaseText(JsonNode agent, long nowMs) {
        OptionalDouble expires = Fields.number(agent, "lease_expires_at_ms");
        if (expires.isPresent()) {
            double left = (expires.getAsDouble() - nowMs) / 1000;
            return left > 0 ? String.format(Locale.ROOT, "  lease %.1fs left", left) : "  lease expired";
        }
        OptionalDouble seen = Fields.number(agent, "last_seen_ms");
        if (seen.isPresent()) {
            long ago = Math.max(0, Math.round((nowMs - seen.getAsDouble()) / 1000));
            return "  seen " + ago + "s ago";
        }
        return "";
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }
}
