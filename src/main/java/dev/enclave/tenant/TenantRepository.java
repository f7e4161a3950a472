package dev.enclave.tenant;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
class TenantRepository implements PanacheRepositoryBase<TenantEntity, String> {

    Optional<TenantEntity> find(String id) {
        return findByIdOptional(id);
    }
}
