package dev.enclave.tenancy;

import java.util.Optional;

/**
 * What the tenancy core needs from the tenant registry: whether a tenant is registered, its lifecycle status and its
 * home region. The registry (dev.enclave.tenant) implements it; it is declared here so that the core does not depend
 * on a feature that depends on the core.
 */
public interface TenantRegistry {

    /** The tenant's registration, possibly a couple of seconds old (cached); empty when it is not registered. */
    Optional<Registration> registration(TenantId tenant);

    record Registration(TenantStatus status, String homeRegion) {
    }
}
