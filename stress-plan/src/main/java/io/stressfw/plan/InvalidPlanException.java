package io.stressfw.plan;

import java.util.List;
import java.util.stream.Collectors;

/** A plan or config file cannot be used: every problem found, each one line (see {@link PlanProblem#describe()}). */
public final class InvalidPlanException extends RuntimeException {
    private final transient List<PlanProblem> problems;

    public InvalidPlanException(List<PlanProblem> problems) {
        super(problems.stream().map(PlanProblem::describe).collect(Collectors.joining("\n")), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid plan has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<PlanProblem> problems() {
        return problems;
    }
}
