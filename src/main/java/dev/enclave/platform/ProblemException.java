package dev.enclave.platform;

/** Thrown by features to answer with a specific problem; the mapper turns it into problem+json. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    public Problem problem() {
        return Problem.of(type, getMessage());
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }
}
