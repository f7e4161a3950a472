package dev.enclave.settings;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
class SettingsRepository implements PanacheRepositoryBase<SettingsEntity, UUID> {

    /** The tenant's row; the tenant predicate makes "the first row" the tenant's only one. */
    Optional<SettingsEntity> current() {
        return findAll().firstResultOptional();
    }
}
