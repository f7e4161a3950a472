package dev.enclave.tenant.provision;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.offboarding.Purges;
import dev.enclave.tenancy.TenantId;

/**
 * Rolls back a provisioning that cannot finish: the tenant goes {@code provisioning → purging} and the purge job
 * removes what the provisioning made (its settings, index, users) and leaves a receipt, after which the id is free
 * again. The purge is the offboarding feature's.
 */
@ApplicationScoped
class ProvisionRollback {

    private final Purges purges;

    ProvisionRollback(Purges purges) {
        this.purges = purges;
    }

    void start(TenantId tenant, String reason) {
        purges.start(tenant, reason);
    }
}
