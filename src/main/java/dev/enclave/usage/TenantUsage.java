package dev.enclave.usage;

import java.time.OffsetDateTime;

/**
 * A tenant's usage as metered from its domain events: live members, projects and documents, the stored bytes of
 * its documents (title + body, UTF-8, as the document service measures them) and the number of events metered.
 * Derived data: it follows the database within the consumer's lag (see the benchmark), and counts what was
 * created since the meter started.
 */
public record TenantUsage(long members, long projects, long documents, long storedBytes, long events,
        OffsetDateTime updatedAt) {

    static final TenantUsage NONE = new TenantUsage(0, 0, 0, 0, 0, null);
}
