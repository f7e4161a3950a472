package dev.enclave.stats;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The busiest tracked tenants by one measure, highest first; {@code halfLifeSeconds} says how counts decay. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record TopTenantsResponse(String by, long halfLifeSeconds, int tracked, List<TenantStatsResponse> items) {
}
