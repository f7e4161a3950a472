package dev.enclave.stats;

import java.util.List;

/** The busiest tracked tenants by one measure, highest first; {@code halfLifeSeconds} says how counts decay. */
public record TopTenantsResponse(String by, long halfLifeSeconds, int tracked, List<TenantStatsResponse> items) {
}
