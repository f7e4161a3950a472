package dev.enclave.events;

import java.util.UUID;

import dev.enclave.tenancy.TenantId;

/** What the incoming tenant check says of a consumed record: {@code reason} null means admitted for {@code tenant}. */
public record EventVerdict(TenantId tenant, UUID eventId, String reason) {

    public boolean admitted() {
        return reason == null;
    }
}
