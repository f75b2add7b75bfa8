package io.stressfw.stressctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "emergency-stop", mixinStandardHelpOptions = true,
        description = "Halt every agent at once, no ramp-down (POST /emergency/stop).")
final class EmergencyStopCommand implements Callable<Integer> {

    @ParentCommand
    StressCtl root;

    @Override
    public Integer call() {
        var answer = root.client().post("/emergency/stop", null);
        String cycleId = Fields.text(answer, "cycle_id");
        root.out().println("EMERGENCY STOP sent" + (cycleId == null ? "" : " (cycle " + cycleId + ")"));
        return CycleVerdict.COMPLETED;
    }
}
