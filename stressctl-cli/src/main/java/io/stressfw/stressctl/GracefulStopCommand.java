package io.stressfw.stressctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the running cycle gracefully: ramp down, then end (POST /cycle/stop).")
final class GracefulStopCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Override
    public Integer call() {
        var answer = root.client().post("/cycle/stop", null);
        String cycleId = Fields.text(answer, "cycle_id");
        root.out().println(cycleId == null ? "stop requested" : "stop requested for cycle " + cycleId);
        return CycleVerdict.COMPLETED;
    }
}
