package dev.enclave.limits;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A plan of the catalogue and its default limits. */
@RegisterForReflection // serialised by Jackson by reflection, also in the native image
public record PlanResponse(String id, LimitValues limits) {

    static PlanResponse of(PlanEntity plan) {
        return new PlanResponse(plan.id, plan.values());
    }
}
