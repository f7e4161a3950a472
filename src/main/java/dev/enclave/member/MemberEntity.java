package dev.enclave.member;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.enclave.tenancy.TenantOwnedEntity;

@Entity
@Table(name = "members")
class MemberEntity extends TenantOwnedEntity {

    @Id
    UUID id;

    /** The identity provider's subject; null until the invited person first signs in. */
    String subject;

    @Column(nullable = false)
    String email;

    @Column(name = "display_name", nullable = false)
    String displayName;

    @Column(nullable = false)
    String role;

    @Version
    long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    OffsetDateTime updatedAt;

    MemberRole role() {
        return MemberRole.valueOf(role.toUpperCase());
    }

    void role(MemberRole value) {
        role = value.json();
    }
}
