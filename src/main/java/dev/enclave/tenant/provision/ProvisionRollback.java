package dev.enclave.tenant.provision;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.enclave.tenancy.TenantId;

/**
 * Rolls back a provisioning that cannot finish: the tenant goes {@code provisioning → purging} and the purge removes
 * what the provisioning made (its settings, index, users) and leaves a receipt, after which the id is free again.
 * The purge is the offboarding feature's ({@code dev.enclave.offboarding.Purges}).
 */
@ApplicationScoped
class ProvisionRollback {

    private static final Logger LOG = Logger.getLogger(ProvisionRollback.class);

    void start(TenantId tenant, String reason) {
        // MERGE(s13-offboarding): dev.enclave.offboarding.Purges is on branch s13-offboarding. Once merged, inject
        // Purges here and replace the line below with: purges.start(tenant, reason);
        // Until then the tenant stays 'provisioning' (never served) and its provision job ends failed.
        LOG.errorf("tenant %s: provisioning rolled back is pending the purge feature (%s)", tenant, reason);
    }
}
