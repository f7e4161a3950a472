package dev.enclave.limits.quota;

import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.enclave.tenancy.TenantId;

/**
 * The tenant's stored bytes of document content (table {@code storage_usage}): the one counter of stored bytes,
 * read by the usage report and charged against the quota. Native SQL because the check must be a single
 * conditional statement; the tenant is passed explicitly, and forced RLS checks it again. Runs in the caller's
 * transaction on the default (tenant) persistence unit.
 */
@ApplicationScoped
class StorageCounter {

    private final EntityManager em;

    StorageCounter(EntityManager em) {
        this.em = em;
    }

    /** Adds {@code delta} unless that would pass {@code limit} (a decrease always applies); locks the row. */
    boolean addStorage(TenantId tenant, long delta, long limit) {
        return em.createNativeQuery("""
                update storage_usage set used_bytes = greatest(0, used_bytes + ?2), updated_at = now()
                 where tenant_id = ?1 and (?2 <= 0 or used_bytes + ?2 <= ?3)""")
                .setParameter(1, tenant.value()).setParameter(2, delta).setParameter(3, limit).executeUpdate() == 1;
    }

    /**
     * Creates the tenant's row from what its documents hold now (so documents stored before the counter
     * existed count too); empty when another transaction created it first.
     */
    OptionalLong createStorage(TenantId tenant) {
        List<?> rows = em.createNativeQuery("""
                insert into storage_usage (tenant_id, used_bytes)
                select ?1, coalesce(sum(size_bytes), 0) from documents where tenant_id = ?1
                on conflict (tenant_id) do nothing
                returning used_bytes""").setParameter(1, tenant.value()).getResultList();
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) rows.get(0)).longValue());
    }

    /** Stored bytes: the counter, or what the documents hold when no write has created it yet. */
    long storageUsed(TenantId tenant) {
        List<?> rows = em.createNativeQuery("select used_bytes from storage_usage where tenant_id = ?1")
                .setParameter(1, tenant.value()).getResultList();
        if (!rows.isEmpty()) {
            return ((Number) rows.get(0)).longValue();
        }
        return ((Number) em.createNativeQuery("select coalesce(sum(size_bytes), 0) from documents where tenant_id = ?1")
                .setParameter(1, tenant.value()).getSingleResult()).longValue();
    }
}
