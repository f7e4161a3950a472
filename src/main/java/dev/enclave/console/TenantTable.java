package dev.enclave.console;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.platform.ProblemException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;

/**
 * The tenants table: every registered tenant (read now, not from the 2 s cache) with its usage. Reads each tenant's
 * usage in turn; fine for the hundreds of tenants of one region, a paged table is the next step beyond that.
 */
@ApplicationScoped
class TenantTable {

    private final TenantDirectory directory;
    private final TenantUsageReader usage;

    TenantTable(TenantDirectory directory, TenantUsageReader usage) {
        this.directory = directory;
        this.usage = usage;
    }

    List<TenantRow> rows(TenantSort.Order order) {
        return directory.all().stream()
                .map(t -> TenantRow.of(t, usage.of(new TenantId(t.id()))))
                .sorted(order.comparator())
                .toList();
    }

    TenantRow row(String id) {
        TenantId tenant = TenantId.parse(id).orElseThrow(() -> ProblemException.notFound("tenant"));
        directory.forget(tenant); // the page shows the state after a change made a moment ago
        return directory.find(tenant).map(t -> TenantRow.of(t, usage.of(tenant)))
                .orElseThrow(() -> ProblemException.notFound("tenant"));
    }
}
