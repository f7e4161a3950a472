package dev.enclave.objectstore;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.smallrye.health.api.Wellness;

/**
 * Whether the export store answers. A wellness check (/q/health/well), not a readiness one: only exports and imports
 * need the store, and they wait and resume (RetryLaterException), so an outage must not take the service out of
 * rotation; it is reported DOWN here for monitoring to see.
 */
@Wellness
@ApplicationScoped
class ObjectStoreHealthCheck implements HealthCheck {

    private final BundleStore store;
    private final ObjectStoreConfig config;

    ObjectStoreHealthCheck(BundleStore store, ObjectStoreConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean configured = config.accessKey().isPresent() && config.secretKey().isPresent();
        boolean reachable = configured && store.reachable();
        return HealthCheckResponse.named("object-store").status(reachable).withData("bucket", config.bucket())
                .withData("configured", configured).withData("reachable", reachable).build();
    }
}
