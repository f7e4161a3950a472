package dev.enclave.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
class AuditRepository implements PanacheRepository<AuditEntity> {

    /** Newest first; {@code beforeId} is the keyset cursor (ids only grow). */
    List<AuditEntity> search(AuditQuery query, Long beforeId, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (query.tenant() != null) {
            where.add("(targetTenant = :tenant or actorTenant = :tenant)");
            params.put("tenant", query.tenant());
        }
        if (query.actor() != null) {
            where.add("actor = :actor");
            params.put("actor", query.actor());
        }
        if (query.outcome() != null) {
            where.add("outcome = :outcome");
            params.put("outcome", query.outcome().name().toLowerCase());
        }
        if (query.from() != null) {
            where.add("occurredAt >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            where.add("occurredAt < :to");
            params.put("to", query.to());
        }
        if (beforeId != null) {
            where.add("id < :beforeId");
            params.put("beforeId", beforeId);
        }
        String hql = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by id desc";
        return find(hql, params).page(0, limit).list();
    }

    /** Newest first: records that consumers refused and dead-lettered ({@code consume:<consumer>}, denied). */
    List<AuditEntity> deadLetters(int limit) {
        return find("outcome = 'denied' and action like 'consume:%' order by id desc").page(0, limit).list();
    }

    record AuditQuery(String tenant, String actor, AuditOutcome outcome, OffsetDateTime from, OffsetDateTime to) {
    }
}
