package dev.enclave.project;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.enclave.tenancy.TenantOwnedEntity;

@Entity
@Table(name = "projects")
class ProjectEntity extends TenantOwnedEntity {

    @Id
    UUID id;

    @Column(nullable = false)
    String slug;

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String description;

    @Version
    long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;
}
