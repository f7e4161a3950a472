package dev.enclave.usage;

import java.time.OffsetDateTime;

/**
 * A tenant's usage: live members, projects and documents and the number of events, as metered from its domain
 * events (derived data: it follows the database within the consumer's lag, see the benchmark, and counts what was
 * created since the meter started; {@code updatedAt} is the meter's); and the stored bytes of its documents (title +
 * body, UTF-8), as the storage quota counts them in each write's transaction.
 */
public record TenantUsage(long members, long projects, long documents, long storedBytes, long events,
        OffsetDateTime updatedAt) {

    /** Nothing metered yet. */
    static TenantUsage none(long storedBytes) {
        return new TenantUsage(0, 0, 0, storedBytes, 0, null);
    }
}
