package dev.enclave.events;

import java.util.UUID;

import dev.enclave.tenancy.TenantId;

/**
 * What the incoming tenant check says of a consumed record: {@code reason} null means admitted for {@code tenant}.
 * {@code tenant} is set only once the record's signature verified: a refused record without it is unverified, and
 * its claimed tenant is not repeated anywhere (dead letter aside, which keeps the record as received).
 */
public record EventVerdict(TenantId tenant, UUID eventId, String reason) {

    public boolean admitted() {
        return reason == null;
    }

    /** Refused before anything about it could be trusted: audited in aggregate, never attributed to a tenant. */
    public boolean unverified() {
        return reason != null && tenant == null;
    }
}
