package dev.enclave.placement.move;

import java.util.Map;
import java.util.Set;

import dev.enclave.tenancy.TenantId;

/**
 * A test's view into a move (the service itself has none): called before each comparison of the two sides, the
 * full one just before the write pause ({@code changedKeys} null) and the one inside it, of the rows changed since
 * (table -> keys as JSON objects), e.g. to alter a copied row and see the move roll back.
 */
public interface MoveHook {

    void beforeVerify(TenantId tenant, String target, Map<String, Set<String>> changedKeys);
}
