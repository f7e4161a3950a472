package dev.enclave.events.outbox;

import dev.enclave.placement.PlacementPools;
import dev.enclave.tenancy.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import org.jboss.logging.Logger;


/** The current tenant's outbox (Hibernate adds the tenant predicate, RLS enforces it again). */
@ApplicationScoped
class OutboxRepository implements PanacheRepositoryBase<OutboxEntity, UUID> {

    private static final Logger LOG = Logger.getLogger(OutboxRepository.class);

    /** One key per tenant: a tenant's pass is exclusive across all instances sharing the database. */
    static final String TRY_LOCK = "select pg_try_advisory_xact_lock(hashtextextended('enclave.outbox:' || ?1, 0))";

    /** A tenant with unpublished events: how many (-1: not counted), and since when. */
    record Backlog(String tenant, long pending, OffsetDateTime oldest) {
    }

    private final Provider<TenantId> tenant;
    private final PlacementPools placements;

    OutboxRepository(Provider<TenantId> tenant, PlacementPools placements) {
        this.tenant = tenant;
        this.placements = placements;
    }

    /**
     * Every tenant's backlog, from the {@code outbox_pending()} function (V10): the relay's only cross-tenant read,
     * and it returns counts, never events.
     */
    List<Backlog> backlog() {
        return inEveryPlacement("select tenant_id, pending, oldest from outbox_pending()",
                row -> new Backlog(row.getString(1), row.getLong(2), row.getObject(3, OffsetDateTime.class)));
    }

    /**
     * The tenants with unpublished events and each one's oldest, from {@code outbox_pending_tenants()} (V67): like
     * {@link #backlog} without the counts, so its cost does not grow with a flood's backlog.
     */
    List<Backlog> pendingTenants() {
        return inEveryPlacement("select tenant_id, oldest from outbox_pending_tenants()",
                row -> new Backlog(row.getString(1), -1, row.getObject(2, OffsetDateTime.class)));
    }

    private interface BacklogRow {
        Backlog read(ResultSet row) throws SQLException;
    }

    /**
     * Runs outside any tenant context, on its own connection to every placement served now (a tenant's pass then
     * runs as the tenant, so it reads the outbox of the placement holding it); a placement that does not answer is
     * left out of this poll, the others are not. A tenant found in two placements (in the middle of a move) is one
     * backlog.
     */
    private List<Backlog> inEveryPlacement(String sql, BacklogRow reader) {
        Map<String, Backlog> byTenant = new TreeMap<>();
        int answered = 0;
        for (String placement : placements.serving()) {
            try (Connection connection = placements.app(placement).getConnection();
                    PreparedStatement query = connection.prepareStatement(sql);
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Backlog found = reader.read(rows);
                    byTenant.merge(found.tenant(), found, (x, y) -> new Backlog(x.tenant(),
                            x.pending() < 0 || y.pending() < 0 ? -1 : x.pending() + y.pending(),
                            x.oldest().isBefore(y.oldest()) ? x.oldest() : y.oldest()));
                }
                answered++;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("outbox backlog of placement %s not read: %s", placement, e.getMessage());
            }
        }
        if (answered == 0) {
            throw new IllegalStateException("could not read the outbox backlog of any placement");
        }
        return new ArrayList<>(byTenant.values());
    }

    /** Takes this tenant's relay lock for the current transaction; false when another pass (instance) holds it. */
    boolean tryLock() {
        Object locked = getEntityManager().createNativeQuery(TRY_LOCK).setParameter(1, tenant.get().value())
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    List<OutboxEntity> pending(int limit) {
        return find("publishedAt is null order by seq").page(0, limit).list();
    }

    void markPublished(Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            update("publishedAt = :now where id in :ids",
                    Parameters.with("now", OffsetDateTime.now(ZoneOffset.UTC)).and("ids", ids));
        }
    }

    long purgePublishedBefore(OffsetDateTime cutoff) {
        return delete("publishedAt is not null and publishedAt < ?1", cutoff);
    }
}
