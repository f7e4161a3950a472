package dev.enclave.limits;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The tenant-scoped counters behind the storage quota and the AI budget (V40 migration). Native SQL because the
 * checks must be single conditional statements; the tenant is passed explicitly, and forced RLS checks it again.
 * Runs in the caller's transaction on the default (tenant) persistence unit.
 */
@ApplicationScoped
class UsageCounters {

    private final EntityManager em;

    UsageCounters(EntityManager em) {
        this.em = em;
    }

    /** Adds {@code delta} unless that would pass {@code limit} (a decrease always applies); locks the row. */
    boolean addStorage(String tenant, long delta, long limit) {
        return em.createNativeQuery("""
                update storage_usage set used_bytes = greatest(0, used_bytes + ?2), updated_at = now()
                 where tenant_id = ?1 and (?2 <= 0 or used_bytes + ?2 <= ?3)""")
                .setParameter(1, tenant).setParameter(2, delta).setParameter(3, limit).executeUpdate() == 1;
    }

    /**
     * Creates the tenant's storage row from what its documents hold now (so documents stored before the counter
     * existed count too); empty when another transaction created it first.
     */
    OptionalLong createStorage(String tenant) {
        List<?> rows = em.createNativeQuery("""
                insert into storage_usage (tenant_id, used_bytes)
                select ?1, coalesce(sum(size_bytes), 0) from documents where tenant_id = ?1
                on conflict (tenant_id) do nothing
                returning used_bytes""").setParameter(1, tenant).getResultList();
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) rows.get(0)).longValue());
    }

    /** Stored bytes: the counter, or what the documents hold when no write has created it yet. */
    long storageUsed(String tenant) {
        List<?> rows = em.createNativeQuery("select used_bytes from storage_usage where tenant_id = ?1")
                .setParameter(1, tenant).getResultList();
        if (!rows.isEmpty()) {
            return ((Number) rows.get(0)).longValue();
        }
        return ((Number) em.createNativeQuery("select coalesce(sum(size_bytes), 0) from documents where tenant_id = ?1")
                .setParameter(1, tenant).getSingleResult()).longValue();
    }

    /** Locks the tenant's row of the month (creating it), so that one reservation at a time checks the budget. */
    long lockAiPeriod(String tenant, LocalDate period) {
        em.createNativeQuery("insert into ai_usage (tenant_id, period) values (?1, ?2) on conflict do nothing")
                .setParameter(1, tenant).setParameter(2, period).executeUpdate();
        return ((Number) em.createNativeQuery("select used_tokens from ai_usage where tenant_id = ?1 and period = ?2 for update")
                .setParameter(1, tenant).setParameter(2, period).getSingleResult()).longValue();
    }

    /** Tokens held by reservations of the month that have not expired; expired ones are dropped on the way. */
    long aiReserved(String tenant, LocalDate period) {
        em.createNativeQuery("delete from ai_reservations where tenant_id = ?1 and expires_at < now()")
                .setParameter(1, tenant).executeUpdate();
        return ((Number) em.createNativeQuery("select coalesce(sum(tokens), 0) from ai_reservations where tenant_id = ?1 and period = ?2")
                .setParameter(1, tenant).setParameter(2, period).getSingleResult()).longValue();
    }

    void reserveAi(String tenant, UUID id, LocalDate period, long tokens, OffsetDateTime expiresAt) {
        em.createNativeQuery("insert into ai_reservations (tenant_id, id, period, tokens, expires_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, tenant).setParameter(2, id).setParameter(3, period).setParameter(4, tokens)
                .setParameter(5, expiresAt).executeUpdate();
    }

    void dropAiReservation(String tenant, UUID id) {
        em.createNativeQuery("delete from ai_reservations where tenant_id = ?1 and id = ?2")
                .setParameter(1, tenant).setParameter(2, id).executeUpdate();
    }

    void chargeAi(String tenant, LocalDate period, long tokens) {
        em.createNativeQuery("""
                update ai_usage set used_tokens = used_tokens + ?3, calls = calls + 1, updated_at = now()
                 where tenant_id = ?1 and period = ?2""")
                .setParameter(1, tenant).setParameter(2, period).setParameter(3, tokens).executeUpdate();
    }

    /** [used, reserved] tokens of the month, without locking. */
    long[] aiUsage(String tenant, LocalDate period) {
        List<?> used = em.createNativeQuery("select used_tokens from ai_usage where tenant_id = ?1 and period = ?2")
                .setParameter(1, tenant).setParameter(2, period).getResultList();
        long reserved = ((Number) em.createNativeQuery("""
                select coalesce(sum(tokens), 0) from ai_reservations where tenant_id = ?1 and period = ?2 and expires_at >= now()""")
                .setParameter(1, tenant).setParameter(2, period).getSingleResult()).longValue();
        return new long[] { used.isEmpty() ? 0 : ((Number) used.get(0)).longValue(), reserved };
    }
}
