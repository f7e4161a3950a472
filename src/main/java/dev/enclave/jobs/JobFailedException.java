package dev.enclave.jobs;

/** A job that cannot succeed, whatever the retries (bad input, a state that forbids it): fails it at once. */
public class JobFailedException extends RuntimeException {

    public JobFailedException(String message) {
        super(message);
    }
}
