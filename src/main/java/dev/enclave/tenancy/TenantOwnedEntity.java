package dev.enclave.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;

import org.hibernate.annotations.TenantId;

/**
 * Base of every tenant-owned entity. Hibernate fills {@code tenant_id} from the session's tenant on insert, refuses
 * a foreign one, and adds the tenant predicate to every query; forced RLS checks the same value in the database.
 * There is deliberately no setter: no code, and no JSON, can choose the tenant of a row.
 */
@MappedSuperclass
@EntityListeners(TenantRowWrites.class) // per-tenant rows written, counted by the statistics
public abstract class TenantOwnedEntity {

    @TenantId
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    public String tenantId() {
        return tenantId;
    }
}
