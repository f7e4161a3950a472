package dev.enclave.limits;

/** A plan of the catalogue and its default limits. */
public record PlanResponse(String id, LimitValues limits) {

    static PlanResponse of(PlanEntity plan) {
        return new PlanResponse(plan.id, plan.values());
    }
}
