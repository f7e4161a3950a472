package dev.enclave.search;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether the search node answers, without failing readiness: with search down the service must keep
 * taking writes (events wait and are indexed later), so an unreachable node is "degraded", not "not ready".
 * This replaces the Elasticsearch extension's own check, which would take the whole service out of rotation.
 */
@Readiness
@ApplicationScoped
class SearchHealthCheck implements HealthCheck {

    private final SearchClient client;
    private final AtomicInteger reachable = new AtomicInteger(1);

    SearchHealthCheck(SearchClient client, MeterRegistry metrics) {
        this.client = client;
        // As of the last check: the platform's readiness probe asks every few seconds.
        Gauge.builder("enclave.search.reachable", reachable, AtomicInteger::get)
                .description("1 when the search node answered the last health check").register(metrics);
    }

    @Override
    public HealthCheckResponse call() {
        boolean reachable;
        try {
            client.send("GET", "/_cluster/health", Map.of("timeout", "1s"), null);
            reachable = true;
        } catch (RuntimeException e) {
            reachable = false;
        }
        this.reachable.set(reachable ? 1 : 0);
        return HealthCheckResponse.named("search").up().withData("reachable", reachable)
                .withData("mode", reachable ? "ok" : "degraded: searches answer 503, indexing waits").build();
    }
}
