package dev.enclave.placement.move;

import dev.enclave.tenancy.TenantId;

/**
 * A test's view into a move (the service itself has none): called before each comparison of the two sides, the
 * full one just before the write pause and the one inside it ({@code paused}), e.g. to alter a copied row and see the
 * move roll back.
 */
public interface MoveHook {

    void beforeVerify(TenantId tenant, String target, boolean paused);
}
