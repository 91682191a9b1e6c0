package io.leadwire.intake;

/**
 * Thrown inside the intake server's handlers (and the endpoints added to it) to answer with a
 * {@link Problem}; never escapes to a caller as a trace.
 */
public final class ProblemException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.reason() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
