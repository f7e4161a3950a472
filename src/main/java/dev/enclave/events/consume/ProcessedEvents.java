package dev.enclave.events.consume;

import dev.enclave.tenancy.TenantId;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;


/**
 * Which events a consumer has already applied, per tenant ({@code processed_events}). Native SQL, so it passes the
 * tenant explicitly; RLS checks it again. Always used inside the consumer's transaction.
 */
@ApplicationScoped
class ProcessedEvents {

    private final EntityManager entityManager;
    private final Provider<TenantId> tenant;

    ProcessedEvents(EntityManager entityManager, Provider<TenantId> tenant) {
        this.entityManager = entityManager;
        this.tenant = tenant;
    }

    /** Records the events as processed by {@code consumer} and returns those that were not already. */
    Set<UUID> claim(String consumer, List<UUID> eventIds) {
        String current = tenant.get().value();
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Array ids = connection.createArrayOf("uuid", eventIds.toArray());
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into processed_events (tenant_id, consumer, event_id)
                    select ?, ?, id from unnest(?) as id
                    on conflict do nothing
                    returning event_id""")) {
                insert.setString(1, current);
                insert.setString(2, consumer);
                insert.setArray(3, ids);
                Set<UUID> fresh = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        fresh.add(rows.getObject(1, UUID.class));
                    }
                }
                return fresh;
            } finally {
                ids.free();
            }
        });
    }

    int purgeBefore(OffsetDateTime cutoff) {
        return entityManager.createNativeQuery("delete from processed_events where tenant_id = ?1 and processed_at < ?2")
                .setParameter(1, tenant.get().value()).setParameter(2, cutoff).executeUpdate();
    }
}
