package dev.enclave.limits;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tenant's limits as operators see them: what applies now, the plan's defaults and the overrides
 * (a null override means "the plan's default").
 */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record TenantLimitsResponse(String tenant, String plan, LimitValues effective, LimitValues planDefaults,
        LimitValues overrides) {
}
