package dev.enclave.jobs;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How operator jobs are run and taken over. */
@ConfigMapping(prefix = "enclave.jobs")
public interface JobsConfig {

    /** Jobs running at once on this instance. */
    @WithDefault("2")
    int workers();

    /** How often an idle instance looks for a job to run. */
    @WithDefault("1s")
    Duration poll();

    /**
     * How long a job stays with the instance running it without a sign of life; after that (the instance died),
     * any instance takes it over from its last checkpoint. Renewed every third of it while the job runs.
     */
    @WithDefault("30s")
    Duration lease();

    /** Attempts before a job that keeps failing (a store down for longer than that) is given up as failed. */
    @WithDefault("40")
    int maxAttempts();

    /** The wait after a failed attempt doubles from this, up to {@link #maxBackoff()}. */
    @WithDefault("1s")
    Duration backoff();

    @WithDefault("30s")
    Duration maxBackoff();
}
