package dev.enclave.limits.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.enclave.limits.TenantLimits;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * The tenant's storage quota, in bytes of document content. A write charges its growth inside its own
 * transaction with one conditional update ({@code ... where used + delta <= limit}): the row lock makes
 * concurrent writes of a tenant, on any instance, take turns, so they cannot overshoot together; a refused or
 * failed write rolls back with its charge, so nothing is half-written; a delete (a negative delta) gives the
 * space back. Call it after the write was flushed, so the locks are always taken in the same order
 * (the document's row, then the counter).
 */
@ApplicationScoped
public class StorageQuota {

    private final StorageCounter counters;
    private final TenantLimits limits;
    private final Provider<TenantId> context;
    private final Counter refusals;

    StorageQuota(StorageCounter counters, TenantLimits limits, Provider<TenantId> context, MeterRegistry metrics) {
        this.counters = counters;
        this.limits = limits;
        this.context = context;
        this.refusals = Counter.builder("enclave.limits.quota.refusals").tag("quota", "storage")
                .description("Writes refused by a quota").register(metrics);
    }

    /** Charges (or, when negative, gives back) {@code deltaBytes}; 403 quota-exceeded when it does not fit. */
    @Transactional(TxType.MANDATORY)
    public void charge(long deltaBytes) {
        if (deltaBytes == 0) {
            return;
        }
        TenantId tenant = context.get();
        long limit = limits.of(tenant).values().storageBytes();
        if (counters.addStorage(tenant, deltaBytes, limit)) {
            return;
        }
        var created = counters.createStorage(tenant);
        if (created.isPresent()) {
            // The first write of the tenant: the new row already counts this write (it was flushed before).
            if (deltaBytes > 0 && created.getAsLong() > limit) {
                throw exceeded(deltaBytes, created.getAsLong() - deltaBytes, limit);
            }
            return;
        }
        if (!counters.addStorage(tenant, deltaBytes, limit)) {
            throw exceeded(deltaBytes, counters.storageUsed(tenant), limit);
        }
    }

    /** The current unit of work's tenant: [used, limit] bytes. */
    @Transactional
    public long[] usage() {
        TenantId tenant = context.get();
        return new long[] { counters.storageUsed(tenant), limits.of(tenant).values().storageBytes() };
    }

    private ProblemException exceeded(long needed, long used, long limit) {
        refusals.increment();
        return new ProblemException(ProblemType.QUOTA_EXCEEDED, "this write needs " + needed + " more bytes, but the tenant uses "
                + used + " of its " + limit + " bytes of storage; nothing was written");
    }
}
