package dev.enclave.jobs;

/** Where an operator job is: waiting for a worker (first run or a retry), running, or finished either way. */
public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }

    String db() {
        return name().toLowerCase();
    }

    static JobState fromDb(String value) {
        return valueOf(value.toUpperCase());
    }
}
