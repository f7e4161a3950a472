package dev.enclave.tenant;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
class TenantRepository implements PanacheRepositoryBase<TenantEntity, String> {

    Optional<TenantEntity> find(String id) {
        return findByIdOptional(id);
    }

    /** Ordered by id, after {@code afterId} (null: from the start); a null filter matches every value. */
    List<TenantEntity> page(String afterId, String status, String plan, String region, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (afterId != null) {
            query.append(" and id > :after");
            parameters.and("after", afterId);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (plan != null) {
            query.append(" and plan = :plan");
            parameters.and("plan", plan);
        }
        if (region != null) {
            query.append(" and homeRegion = :region");
            parameters.and("region", region);
        }
        return find(query + " order by id", parameters).page(0, limit).list();
    }
}
