package dev.enclave.offboarding;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.objectstore.BundleStore;
import dev.enclave.tenancy.TenantId;

/**
 * The tenant's export bundles in the object store, all under {@code exports/<tenant>/} (dev.enclave.portability).
 * The trailing slash keeps another tenant whose id starts with this one's out of the prefix.
 */
@ApplicationScoped
class ExportBundles implements TenantStore {

    private final BundleStore bundles;

    ExportBundles(BundleStore bundles) {
        this.bundles = bundles;
    }

    static String prefix(TenantId tenant) {
        return "exports/" + tenant.value() + "/";
    }

    @Override
    public String name() {
        return "object_store";
    }

    @Override
    public long count(TenantId tenant) {
        return bundles.list(prefix(tenant)).size();
    }

    @Override
    public void purge(TenantId tenant) {
        bundles.deletePrefix(prefix(tenant));
    }

    @Override
    public String countedBy() {
        return "ListObjectsV2 of exports/<tenant>/ in the export bucket";
    }

    @Override
    public String meaning() {
        return "the tenant's export bundles (every file of every export: NDJSON per entity and manifests), deleted";
    }
}
