package dev.enclave.search;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

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

    SearchHealthCheck(SearchClient client) {
        this.client = client;
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
        return HealthCheckResponse.named("search").up().withData("reachable", reachable)
                .withData("mode", reachable ? "ok" : "degraded: searches answer 503, indexing waits").build();
    }
}
