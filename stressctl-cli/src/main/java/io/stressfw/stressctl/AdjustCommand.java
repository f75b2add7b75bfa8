package io.stressfw.stressctl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "adjust", mixinStandardHelpOptions = true,
        description = "Override one phase's target load (POST /load/adjust).")
final class AdjustCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Option(names = "--phase", required = true, paramLabel = "PHASE", description = "Phase to adjust, e.g. medium.")
    String phase;

    @Option(names = "--target-load", required = true, paramLabel = "PERCENT", description = "New target, 0-100.")
    double targetLoad;

    @Override
    public Integer call() {
        if (!(targetLoad >= 0 && targetLoad <= 100)) {
            throw new IllegalArgumentException("--target-load must be between 0 and 100, got " + targetLoad);
        }
        ObjectNode body = OrchestratorClient.object();
        body.put("phase", phase.strip().toLowerCase(Locale.ROOT));
        body.put("target_load", targetLoad);
        root.client().post("/load/adjust", body);
        root.out().printf(Locale.ROOT, "phase %s target set to %.1f%%%n", body.get("phase").asText(), targetLoad);
        return CycleVerdict.COMPLETED;
    }
}
