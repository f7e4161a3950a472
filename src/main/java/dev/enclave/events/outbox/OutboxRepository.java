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

import javax.sql.DataSource;

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

    /** A tenant with unpublished events: how many, and since when. */
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
     * and it returns counts, never events. Runs outside any tenant context, on its own connection to every placement
     * served now (a tenant's pass then runs as the tenant, so it reads the outbox of the placement holding it); a
     * placement that does not answer is left out of this poll, the others are not.
     */
    List<Backlog> backlog() {
        Map<String, Backlog> byTenant = new TreeMap<>();
        int answered = 0;
        List<String> serving = placements.serving();
        for (String placement : serving) {
            try {
                backlogIn(placements.app(placement)).forEach(b -> byTenant.merge(b.tenant(), b, (x, y) -> new Backlog(x.tenant(),
                        x.pending() + y.pending(), x.oldest().isBefore(y.oldest()) ? x.oldest() : y.oldest())));
                answered++;
            } catch (RuntimeException e) {
                LOG.warnf("outbox backlog of placement %s not read: %s", placement, e.getMessage());
            }
        }
        if (answered == 0) {
            throw new IllegalStateException("could not read the outbox backlog of any placement");
        }
        return new ArrayList<>(byTenant.values());
    }

    private static List<Backlog> backlogIn(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select tenant_id, pending, oldest from outbox_pending()");
                ResultSet rows = query.executeQuery()) {
            List<Backlog> backlog = new ArrayList<>();
            while (rows.next()) {
                backlog.add(new Backlog(rows.getString(1), rows.getLong(2), rows.getObject(3, OffsetDateTime.class)));
            }
            return backlog;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the outbox backlog", e);
        }
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
