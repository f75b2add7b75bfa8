package io.stressfw.stressctl;

import io.stressfw.model.Phase;
import io.stressfw.plan.PhaseSpec;
import io.stressfw.plan.StressPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a plan file offline (no orchestrator needed), with the orchestrator's own parser.",
                "Exit 0: valid (its phases and planned duration are printed). Exit 1: every problem is listed, one "
                        + "line each: file, line, column, field, reason."})
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "PLAN",
            description = "The plan (YAML or JSON, the form of stress_cycles.yaml).")
    Path file;

    @Override
    public Integer call() {
        StressPlan plan = PlanCheck.read(file, root.err());
        if (plan == null) {
            return CycleVerdict.ERROR;
        }
        List<Phase> phases = plan.phaseOrder();
        double seconds = plan.phases().values().stream().mapToDouble(p -> p.rampUpSeconds() + p.durationSeconds()).sum()
                + plan.spec(phases.get(phases.size() - 1)).rampDownSeconds();
        root.out().println(file + ": valid; phases " + phases.stream().map(p -> describe(p, plan.spec(p)))
                .collect(Collectors.joining(", ")) + "; planned " + Fields.seconds(java.util.OptionalDouble.of(seconds)));
        if (!plan.probes().isEmpty()) {
            // Probes run from the orchestrator's start-up (the baseline before any load), so a start cannot bring new
            // ones: without this line the file validates and `start -f` is then refused.
            root.out().println("probes " + String.join(", ", plan.probes().keySet()) + ": they run from the "
                    + "orchestrator's start-up, so start it with this plan (./stress up --config " + file + "); a plan "
                    + "sent with `start -f` may use only probes the running orchestrator's plan declares, exactly as it does");
        }
        return 0;
    }

    private static String describe(Phase phase, PhaseSpec spec) {
        return phase.wireName() + " " + io.stressfw.model.Checks.format(spec.minLoad()) + "-"
                + io.stressfw.model.Checks.format(spec.maxLoad()) + " %";
    }
}
