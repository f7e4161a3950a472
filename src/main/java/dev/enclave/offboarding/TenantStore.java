package dev.enclave.offboarding;

import dev.enclave.tenancy.TenantId;

/**
 * One store a tenant's data lives in, as the purge sees it: counted from the store itself before and after, and
 * purged idempotently (a purge that is run again after a crash finds less, or nothing, to remove).
 * PostgreSQL ({@link TenantRows}) is purged in batches and is not one of these.
 */
interface TenantStore {

    /** The store's name in the receipt. */
    String name();

    /** What the tenant has in the store now, counted by the store. */
    long count(TenantId tenant);

    void purge(TenantId tenant);

    /** How {@link #count} counts, for the receipt. */
    String countedBy();

    /** What the numbers mean, for the receipt. */
    String meaning();
}
