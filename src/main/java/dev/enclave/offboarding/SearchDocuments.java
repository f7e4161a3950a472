package dev.enclave.offboarding;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.search.TenantSearchPurge;
import dev.enclave.tenancy.TenantId;

/** The tenant's documents in the search node: in the shared index (by tenant_id) and its dedicated indexes. */
@ApplicationScoped
class SearchDocuments implements TenantStore {

    private final TenantSearchPurge search;

    SearchDocuments(TenantSearchPurge search) {
        this.search = search;
    }

    @Override
    public String name() {
        return "search";
    }

    @Override
    public long count(TenantId tenant) {
        return search.count(tenant);
    }

    @Override
    public void purge(TenantId tenant) {
        search.purge(tenant);
    }

    @Override
    public String countedBy() {
        return "_count of tenant_id = <tenant> over every index of this deployment, after a refresh";
    }

    @Override
    public String meaning() {
        return "search documents and tombstones of the tenant, in the shared index or its dedicated indexes (deleted)";
    }
}
