package io.stressfw.stressctl;

import io.stressfw.plan.InvalidPlanException;
import io.stressfw.plan.PlanParser;
import io.stressfw.plan.PlanProblem;
import io.stressfw.plan.StressPlan;

import java.io.PrintStream;
import java.nio.file.Path;

/** Reads a plan file with the orchestrator's own parser; every problem goes to stderr, one line each. */
final class PlanCheck {
    private PlanCheck() {
    }

    /** The plan, or null after printing every problem (file, line, column, field, reason). */
    static StressPlan read(Path file, PrintStream err) {
        try {
            return PlanParser.parseFile(file, PlanParser.Require.PHASES);
        } catch (InvalidPlanException e) {
            for (PlanProblem problem : e.problems()) {
                err.println(problem.describe());
            }
            err.println("stressctl: " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                    + " in " + file + "; nothing was started");
            return null;
        }
    }
}
