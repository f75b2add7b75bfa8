package io.stressfw.orchestrator.api;

import io.stressfw.plan.InvalidPlanException;
import io.stressfw.plan.PlanProblem;
import io.stressfw.plan.StressPlan;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import jakarta.ws.rs.core.Response.Status;

import java.util.List;
import java.util.function.Supplier;

/**
 * A plan in a request that cannot run: 400 problem+json whose {@code errors} hold every problem with its line,
 * column, field and reason, {@code field}/{@code line}/{@code column} the first one's, and {@code detail} one line
 * per problem as a person reads them ({@code request body: line 3, column 12, field 'phases[0].phase': ...}).
 */
public final class PlanRefusals {
    public static final String REQUEST_BODY = "request body";

    private PlanRefusals() {
    }

    public static StressPlan parse(Supplier<StressPlan> parser) {
        try {
            return parser.get();
        } catch (InvalidPlanException e) {
            throw refusal(e);
        }
    }

    public static ProblemException refusal(InvalidPlanException e) {
        List<Problem.FieldError> errors = e.problems().stream().map(PlanRefusals::error).toList();
        List<String> lines = e.problems().stream().map(PlanProblem::describe).toList();
        return Problem.ofLocated(Status.BAD_REQUEST, errors, lines).asException();
    }

    private static Problem.FieldError error(PlanProblem p) {
        return new Problem.FieldError(p.field().isEmpty() ? null : p.field(), p.reason(),
                p.line() > 0 ? p.line() : null, p.column() > 0 ? p.column() : null);
    }
}
