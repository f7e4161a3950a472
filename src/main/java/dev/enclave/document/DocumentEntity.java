package dev.enclave.document;

import java.nio.charset.StandardCharsets;
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

@Entity
@Table(name = "documents")
class DocumentEntity extends TenantOwnedEntity {

    @Id
    UUID id;

    @Column(name = "project_id", nullable = false, updatable = false)
    UUID projectId;

    @Column(nullable = false)
    String title;

    @Column(nullable = false)
    String body;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    String[] tags;

    @Column(nullable = false)
    String status;

    /** Stored bytes of title and body (UTF-8): what the storage quota counts. */
    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;

    @Column(name = "created_by", updatable = false)
    String createdBy;

    @Version
    long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    void measure() {
        sizeBytes = title.getBytes(StandardCharsets.UTF_8).length + (long) body.getBytes(StandardCharsets.UTF_8).length;
    }
}
