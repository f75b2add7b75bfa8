package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a cycle through the given phases (POST /cycle/start).")
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Option(names = "--phases", required = true, split = ",", paramLabel = "PHASE",
            description = "Phases in order, comma separated: idle, light, medium, heavy, extreme, critical, chaos.")
    List<String> phases;

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
        var array = body.putArray("phases");
        for (String phase : phases) {
            if (!phase.isBlank()) {
                array.add(phase.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (array.isEmpty()) {
            throw new IllegalArgumentException("--phases needs at least one phase, e.g. --phases light,medium");
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
