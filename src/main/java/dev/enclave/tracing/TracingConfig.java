package dev.enclave.tracing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where spans go. Sampling and batching are Quarkus' own settings ({@code quarkus.otel.*}, see application.properties). */
@ConfigMapping(prefix = "enclave.tracing")
public interface TracingConfig {

    /** Zipkin's span intake (JSON v2). Zipkin down: batches are dropped and logged at most once a minute. */
    @WithDefault("http://127.0.0.1:9411/api/v2/spans")
    String zipkinEndpoint();

    /** How long one export may take; the batch processor gives up on it (and drops the batch) after that. */
    @WithDefault("5s")
    Duration exportTimeout();
}
