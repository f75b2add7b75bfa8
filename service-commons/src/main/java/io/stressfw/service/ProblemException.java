package io.stressfw.service;

/** Carries a {@link Problem} out of resource code; {@link ProblemMappers} answers it as problem+json. */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
