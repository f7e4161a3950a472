package dev.enclave.activity;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

import dev.enclave.platform.Cursor;

@ApplicationScoped
class ActivityRepository implements PanacheRepositoryBase<ActivityEntity, UUID> {

    /** Newest first, keyset-paginated on (occurredAt, eventId). */
    List<ActivityEntity> page(Cursor.Position before, int limit) {
        if (before == null) {
            return find("order by occurredAt desc, eventId desc").page(0, limit).list();
        }
        return find("occurredAt < :at or (occurredAt = :at and eventId < :id) order by occurredAt desc, eventId desc",
                Parameters.with("at", before.at().atOffset(ZoneOffset.UTC)).and("id", before.id()))
                .page(0, limit).list();
    }
}
