package dev.enclave.tenant;

import java.time.OffsetDateTime;

/** A registry entry as operators see it: the {@link TenantView} and its lifecycle bookkeeping. */
public record TenantRecord(TenantView tenant, String statusReason, OffsetDateTime statusChangedAt, OffsetDateTime createdAt) {
}
