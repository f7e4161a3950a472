package dev.enclave.limits;

/**
 * A tenant's limits as operators see them: what applies now, the plan's defaults and the overrides
 * (a null override means "the plan's default").
 */
public record TenantLimitsResponse(String tenant, String plan, LimitValues effective, LimitValues planDefaults,
        LimitValues overrides) {
}
