package dev.enclave.tenant;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the global tenant registry. Never leaves the service: see {@link TenantView}. */
@Entity
@Table(name = "tenants")
class TenantEntity {

    @Id
    String id;

    @Column(nullable = false)
    String name;

    @Column(nullable = false)
    String plan;

    @Column(nullable = false)
    String status;

    @Column(name = "home_region", nullable = false)
    String homeRegion;

    @Column(name = "db_placement", nullable = false)
    String dbPlacement;

    @Column(name = "search_placement", nullable = false)
    String searchPlacement;

    @Column(name = "status_reason", insertable = false, updatable = false)
    String statusReason;

    @Column(name = "status_changed_at", insertable = false, updatable = false)
    OffsetDateTime statusChangedAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    OffsetDateTime createdAt;

    @Column(name = "updated_at")
    OffsetDateTime updatedAt;

    TenantView view() {
        return new TenantView(id, name, plan, status, homeRegion, dbPlacement, searchPlacement);
    }

    TenantRecord record() {
        return new TenantRecord(view(), statusReason, statusChangedAt, createdAt);
    }
}
