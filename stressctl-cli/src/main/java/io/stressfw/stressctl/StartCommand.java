package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a cycle through the given phases (POST /cycle/start).",
                "With -f PLAN the cycle runs that plan (stress_cycles.yaml's form): it is checked here first, as "
                        + "'stressctl validate' does, and sent with the request; --phases then picks phases of it "
                        + "(default all, in its order)."})
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Option(names = "--phases", split = ",", paramLabel = "PHASE",
            description = "Phases in order, comma separated: idle, light, medium, heavy, extreme, critical, chaos. "
                    + "Required without -f.")
    List<String> phases;

    @Option(names = {"-f", "--file"}, paramLabel = "PLAN",
            description = "A plan file (YAML, the form of stress_cycles.yaml) to run instead of the configured one.")
    Path file;

    @Option(names = "--override-safety",
            description = "Skip the start's safety interlock: safety-service heard from, its pre-flight fit (admin key).")
    boolean overrideSafety;

    @Option(names = "--override-safety-watchdog",
            description = "Keep the load running if safety-service's heartbeat is lost, which otherwise stops it "
                    + "(admin key; needed with --override-safety while safety-service is offline).")
    boolean overrideSafetyWatchdog;

    @Mixin
    WaitOptions waitOptions;

    @Override
    public Integer call() {
        ObjectNode body = OrchestratorClient.object();
        if (file != null) {
            var plan = PlanCheck.read(file, root.err());
            if (plan == null) {
                return CycleVerdict.ERROR;
            }
            body.put("plan", plan.text());
        } else if (phases == null) {
            throw new IllegalArgumentException("--phases or -f PLAN is required, e.g. --phases light,medium");
        }
        if (phases != null) {
            var array = body.putArray("phases");
            for (String phase : phases) {
                if (!phase.isBlank()) {
                    array.add(phase.strip().toLowerCase(Locale.ROOT));
                }
            }
            if (array.isEmpty()) {
                throw new IllegalArgumentException("--phases needs at least one phase, e.g. --phases light,medium");
            }
        }
        if (overrideSafety) {
            body.put("override_safety", true);
        }
        if (overrideSafetyWatchdog) {
            body.put("override_safety_watchdog", true);
        }
        OrchestratorClient client = root.client();
        return waitOptions.start(root, client, "/cycle/start", body);
    }
}
