package dev.enclave.limits;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.hibernate.orm.PersistenceUnit;

import dev.enclave.tenancy.TenantId;

/** Plans and per-tenant overrides (global tables, platform unit). */
@ApplicationScoped
class LimitsRepository {

    /** The persistence unit of the global tables (application.properties). */
    static final String PLATFORM_UNIT = "platform";

    private final EntityManager em;

    LimitsRepository(@PersistenceUnit(PLATFORM_UNIT) EntityManager em) {
        this.em = em;
    }

    Optional<PlanEntity> plan(String id) {
        return Optional.ofNullable(em.find(PlanEntity.class, id));
    }

    List<PlanEntity> plans() {
        return em.createQuery("from PlanEntity order by requestsPerSecond, id", PlanEntity.class).getResultList();
    }

    Optional<TenantLimitsEntity> overrides(TenantId tenant) {
        return Optional.ofNullable(em.find(TenantLimitsEntity.class, tenant.value()));
    }

    void persist(TenantLimitsEntity overrides) {
        em.persist(overrides);
    }

    boolean isManaged(TenantLimitsEntity overrides) {
        return em.contains(overrides);
    }

    void flush() {
        em.flush();
    }

    /** The registry's plan of a tenant; the only column of the registry the limits feature may change. */
    Optional<String> planOf(TenantId tenant) {
        return em.createNativeQuery("select plan from tenants where id = ?1", String.class)
                .setParameter(1, tenant.value()).getResultStream().findFirst().map(String.class::cast);
    }

    void changePlan(TenantId tenant, String plan) {
        em.createNativeQuery("update tenants set plan = ?1, updated_at = now() where id = ?2")
                .setParameter(1, plan).setParameter(2, tenant.value()).executeUpdate();
    }
}
