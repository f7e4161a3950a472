package dev.enclave.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/**
 * The entity listener of {@link TenantOwnedEntity} (Quarkus makes it a CDI bean): announces each tenant-owned row
 * written through Hibernate as a synchronous CDI event carrying the row, for whoever counts them (the statistics),
 * without the tenancy core depending on them. Flushed writes: a write later rolled back is announced too.
 */
@ApplicationScoped
public class TenantRowWrites {

    private final Event<TenantOwnedEntity> written;

    TenantRowWrites(Event<TenantOwnedEntity> written) {
        this.written = written;
    }

    @PostPersist
    @PostUpdate
    @PostRemove
    void written(TenantOwnedEntity row) {
        written.fire(row);
    }
}
