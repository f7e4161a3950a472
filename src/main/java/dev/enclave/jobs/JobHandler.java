package dev.enclave.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The work of one kind of operator job (a CDI bean). {@link #run} may be called again for a job it already
 * started, after a crash or a failed attempt: it resumes from {@link JobContext#checkpoint()} and must not apply
 * twice what it already did. A {@link JobFailedException} ends the job as failed; any other exception is retried.
 */
public interface JobHandler {

    /** The job kind this handler runs, e.g. {@code export}. */
    String kind();

    /** Does (the rest of) the job; answers its result, shown by {@code JobView.result}. */
    JsonNode run(JobContext job) throws Exception;
}
