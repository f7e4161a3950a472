package dev.enclave.limits.budget;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.enclave.tenancy.TenantId;

/**
 * The tenant's AI tokens: charged per month ({@code ai_usage}) and held by calls in progress
 * ({@code ai_reservations}). Native SQL with the tenant passed explicitly, and forced RLS checks it again.
 * Runs in the caller's transaction on the default (tenant) persistence unit.
 */
@ApplicationScoped
class AiTokenLedger {

    private final EntityManager em;

    AiTokenLedger(EntityManager em) {
        this.em = em;
    }

    /** Locks the tenant's row of the month (creating it), so that one reservation at a time checks the budget. */
    long lockAiPeriod(TenantId tenant, LocalDate period) {
        em.createNativeQuery("insert into ai_usage (tenant_id, period) values (?1, ?2) on conflict do nothing")
                .setParameter(1, tenant.value()).setParameter(2, period).executeUpdate();
        return ((Number) em.createNativeQuery("select used_tokens from ai_usage where tenant_id = ?1 and period = ?2 for update")
                .setParameter(1, tenant.value()).setParameter(2, period).getSingleResult()).longValue();
    }

    /** Tokens held by reservations of the month that have not expired; expired ones are dropped on the way. */
    long aiReserved(TenantId tenant, LocalDate period) {
        em.createNativeQuery("delete from ai_reservations where tenant_id = ?1 and expires_at < now()")
                .setParameter(1, tenant.value()).executeUpdate();
        return ((Number) em.createNativeQuery("select coalesce(sum(tokens), 0) from ai_reservations where tenant_id = ?1 and period = ?2")
                .setParameter(1, tenant.value()).setParameter(2, period).getSingleResult()).longValue();
    }

    void reserveAi(TenantId tenant, UUID id, LocalDate period, long tokens, OffsetDateTime expiresAt) {
        em.createNativeQuery("insert into ai_reservations (tenant_id, id, period, tokens, expires_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, tenant.value()).setParameter(2, id).setParameter(3, period).setParameter(4, tokens)
                .setParameter(5, expiresAt).executeUpdate();
    }

    void dropAiReservation(TenantId tenant, UUID id) {
        em.createNativeQuery("delete from ai_reservations where tenant_id = ?1 and id = ?2")
                .setParameter(1, tenant.value()).setParameter(2, id).executeUpdate();
    }

    void chargeAi(TenantId tenant, LocalDate period, long tokens) {
        em.createNativeQuery("""
                update ai_usage set used_tokens = used_tokens + ?3, calls = calls + 1, updated_at = now()
                 where tenant_id = ?1 and period = ?2""")
                .setParameter(1, tenant.value()).setParameter(2, period).setParameter(3, tokens).executeUpdate();
    }

    /** [used, reserved] tokens of the month, without locking. */
    long[] aiUsage(TenantId tenant, LocalDate period) {
        List<?> used = em.createNativeQuery("select used_tokens from ai_usage where tenant_id = ?1 and period = ?2")
                .setParameter(1, tenant.value()).setParameter(2, period).getResultList();
        long reserved = ((Number) em.createNativeQuery("""
                select coalesce(sum(tokens), 0) from ai_reservations where tenant_id = ?1 and period = ?2 and expires_at >= now()""")
                .setParameter(1, tenant.value()).setParameter(2, period).getSingleResult()).longValue();
        return new long[] { used.isEmpty() ? 0 : ((Number) used.get(0)).longValue(), reserved };
    }
}
