package dev.enclave.usage;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import dev.enclave.tenancy.TenantId;

/**
 * The current tenant's usage rows. The counters are changed by atomic increments in SQL (several instances may
 * meter one tenant's events at once, from different partitions); native SQL passes the tenant explicitly and RLS
 * checks it again.
 */
@ApplicationScoped
class UsageRepository implements PanacheRepositoryBase<UsageItemEntity, UsageItemEntity.Key> {

    private final Provider<TenantId> tenant;

    UsageRepository(Provider<TenantId> tenant) {
        this.tenant = tenant;
    }

    Map<UsageItemEntity.Key, UsageItemEntity> items(String kind, Collection<UUID> ids) {
        Map<UsageItemEntity.Key, UsageItemEntity> found = new HashMap<>();
        if (!ids.isEmpty()) {
            List<UsageItemEntity> rows = find("key.kind = :kind and key.id in :ids",
                    Parameters.with("kind", kind).and("ids", ids)).list();
            rows.forEach(row -> found.put(row.key, row));
        }
        return found;
    }

    void add(UsageDelta delta) {
        getEntityManager().createNativeQuery("""
                insert into usage_counters (tenant_id, members, projects, documents, events, updated_at)
                values (?1, ?2, ?3, ?4, ?5, now())
                on conflict (tenant_id) do update set
                    members = usage_counters.members + excluded.members,
                    projects = usage_counters.projects + excluded.projects,
                    documents = usage_counters.documents + excluded.documents,
                    events = usage_counters.events + excluded.events,
                    updated_at = excluded.updated_at""")
                .setParameter(1, tenant.get().value())
                .setParameter(2, delta.members).setParameter(3, delta.projects).setParameter(4, delta.documents)
                .setParameter(5, delta.events)
                .executeUpdate();
    }

    /** The metered counters, with {@code storedBytes} (counted by the storage quota, not here). */
    Optional<TenantUsage> counters(long storedBytes) {
        List<?> rows = getEntityManager().createNativeQuery("""
                select members, projects, documents, events, updated_at
                  from usage_counters where tenant_id = ?1""")
                .setParameter(1, tenant.get().value()).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new TenantUsage(number(row[0]), number(row[1]), number(row[2]), storedBytes, number(row[3]),
                toOffsetDateTime(row[4])));
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static OffsetDateTime toOffsetDateTime(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
