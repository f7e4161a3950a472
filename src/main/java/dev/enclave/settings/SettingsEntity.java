package dev.enclave.settings;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.enclave.tenancy.TenantOwnedEntity;

/** The tenant's one settings row (unique per tenant). The JSON is written and read only through {@link TenantSettings}. */
@Entity
@Table(name = "tenant_settings")
class SettingsEntity extends TenantOwnedEntity {

    @Id
    UUID id;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    String settings;

    @Version
    long version;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;
}
