package io.leadwire.intake;

/** Thrown inside the intake to answer with a {@link Problem}; never escapes to a vendor as a trace. */
final class ProblemException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    ProblemException(Problem problem) {
        super(problem.reason() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
