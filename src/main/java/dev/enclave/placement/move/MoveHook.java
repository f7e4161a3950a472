package dev.enclave.placement.move;

import dev.enclave.tenancy.TenantId;

/**
 * A test's view into a move at the cut-over (the service itself has none): called with the tenant's writes paused,
 * after the last catch-up and before the verification, e.g. to alter a copied row and see the move roll back.
 */
public interface MoveHook {

    void beforeVerify(TenantId tenant, String target);
}
