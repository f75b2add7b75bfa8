package io.stressfw.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.stressfw.model.Phase;
import io.stressfw.model.ProbeSpec;
import io.stressfw.orchestrator.config.CyclePlans;
import io.stressfw.orchestrator.cycle.PhasePlan;
import io.stressfw.orchestrator.cycle.PlanOrigin;
import io.stressfw.plan.InvalidPlanException;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.plan.PlanParser;
import io.stressfw.plan.PlanProblem;
import io.stressfw.plan.StressPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan sent with a start request (the {@code plan} of a JSON body, as an object or as its YAML text, or a YAML
 * body): read with the shared parser, every problem answered with its line and field, and the phases to run chosen
 * from it. Its probes must be ones the orchestrator runs: probes run from start-up on, against the configured plan,
 * because the baseline before any load is what a steady state is judged against.
 */
final class InlinePlans {
    /** The phases to run and where they come from. */
    record Chosen(List<PhasePlan> phases, PlanOrigin origin) {
    }

    private InlinePlans() {
    }

    /** The body's {@code plan}; {@code text} is the body as sent, so that an object plan's lines count in it. */
    static Chosen fromBody(JsonNode body, String text, CyclePlans plans) {
        JsonNode planNode = body.get("plan");
        StressPlan plan;
        String planText;
        String lineText;
        String prefix;
        if (planNode.isTextual()) {
            // The plan's YAML as a string (what stressctl start -f sends): lines count in that text.
            planText = planNode.asText();
            lineText = planText;
            prefix = "";
            plan = PlanRefusals.parse(() -> PlanParser.parse(planText, PlanRefusals.REQUEST_BODY + " (plan)",
                    PlanParser.Require.PHASES));
        } else if (planNode.isObject()) {
            planText = planNode.toString();
            lineText = text;
            prefix = "plan.";
            plan = PlanRefusals.parse(() -> PlanParser.parseMember(text, PlanRefusals.REQUEST_BODY, "plan",
                    PlanParser.Require.PHASES));
        } else {
            throw Bodies.bad("plan", "must be a plan object {\"phases\": ...} or the plan's YAML as a string");
        }
        List<Phase> phases = body.hasNonNull("phases")
                ? Bodies.phases(body, "phases", plan.phases().keySet(), "the request's plan") : plan.phaseOrder();
        return chosen(plan, phases, planText, lineText, prefix, plans);
    }

    /** A YAML body; {@code phaseNames} (comma-separated) picks phases of it, default all in the plan's order. */
    static Chosen fromYaml(byte[] body, String phaseNames, CyclePlans plans) {
        StressPlan plan = parseBytes(body);
        List<Phase> phases = plan.phaseOrder();
        if (phaseNames != null && !phaseNames.isBlank()) {
            phases = new ArrayList<>();
            for (String name : phaseNames.split(",")) {
                phases.add(Bodies.phase(TextNode.valueOf(name.trim()), "phases", plan.phases().keySet(),
                        "the request's plan"));
            }
        }
        return chosen(plan, phases, plan.text(), plan.text(), "", plans);
    }

    /** The check {@code stressctl validate} makes offline: every problem, or what the plan would run. */
    static Map<String, Object> validate(byte[] body) {
        StressPlan plan = parseBytes(body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("valid", true);
        answer.put("phases", plan.phaseOrder().stream().map(Phase::wireName).toList());
        answer.put("planned_duration_seconds", plan.phases().values().stream()
                .mapToDouble(p -> p.rampUpSeconds() + p.durationSeconds()).sum()
                + plan.phases().values().stream().reduce((a, b) -> b).map(PhaseSpec::rampDownSeconds).orElse(0.0));
        return answer;
    }

    private static StressPlan parseBytes(byte[] body) {
        return PlanRefusals.parse(() -> PlanParser.parseBytes(body == null ? new byte[0] : body,
                PlanRefusals.REQUEST_BODY, PlanParser.Require.PHASES));
    }

    private static Chosen chosen(StressPlan plan, List<Phase> phases, String planText, String lineText, String prefix,
                                 CyclePlans plans) {
        List<PlanProblem> problems = new ArrayList<>();
        Map<String, ProbeSpec> running = plans.file().probes();
        plan.probes().forEach((name, spec) -> {
            ProbeSpec probe = running.get(name);
            if (probe == null || !probe.equals(spec)) {
                problems.add(PlanParser.problemAt(lineText, plan.source(), prefix + "probes." + name, (probe == null
                        ? "no probe named '" + name + "' runs" : "differs from the probe '" + name + "' that runs")
                        + ": probes run from the orchestrator's start-up on (the baseline before any load), as the "
                        + "configured plan " + plans.source() + " declares them; a plan sent with a start may use "
                        + (running.isEmpty() ? "none (it declares none)" : "them as declared there ("
                        + String.join(", ", running.keySet()) + ")")));
            }
        });
        if (!problems.isEmpty()) {
            throw PlanRefusals.refusal(new InvalidPlanException(problems));
        }
        return new Chosen(CyclePlans.plan(plan, phases), PlanOrigin.inline(plan, planText, plans.file()));
    }
}
