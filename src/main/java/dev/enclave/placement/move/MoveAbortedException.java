package dev.enclave.placement.move;

/** A move's check failed before the switch: it is rolled back to the source, and the job says why. */
class MoveAbortedException extends RuntimeException {

    MoveAbortedException(String reason) {
        super(reason);
    }

    MoveAbortedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
