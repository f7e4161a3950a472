package dev.enclave.search;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.tenancy.TenantId;

/**
 * Rebuilds one tenant's search documents from the database, for features that fill a tenant's tables without domain
 * events (a tenant import): the same rebuild as {@code POST /admin/v1/tenants/{id}/reindex}.
 */
@ApplicationScoped
public class TenantReindex {

    private final SearchRebuild rebuild;

    TenantReindex(SearchRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /** Answers how many documents were indexed; 409 while another rebuild runs on this instance (retry later). */
    public long reindex(TenantId tenant) {
        return rebuild.reindex(tenant).indexed();
    }
}
