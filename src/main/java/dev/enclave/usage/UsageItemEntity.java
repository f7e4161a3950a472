package dev.enclave.usage;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.enclave.tenancy.TenantOwnedEntity;

/** The last state the meter saw of one member, project or document of the tenant. */
@Entity
@Table(name = "usage_items")
class UsageItemEntity extends TenantOwnedEntity {

    @EmbeddedId
    Key key;

    @Column(nullable = false)
    long version;

    @Column(nullable = false)
    boolean live;

    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;

    @Embeddable
    static class Key implements Serializable {
        @Column(nullable = false)
        String kind;

        @Column(nullable = false)
        UUID id;

        Key() {
        }

        Key(String kind, UUID id) {
            this.kind = kind;
            this.id = id;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.kind.equals(kind) && k.id.equals(id);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, id);
        }
    }
}
