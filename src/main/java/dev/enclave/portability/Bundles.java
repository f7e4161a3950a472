package dev.enclave.portability;

import java.util.UUID;

import dev.enclave.tenancy.TenantId;

/** Where a tenant's export bundle lives in the object store: {@code exports/<tenant>/<export job>/}. */
final class Bundles {

    static final String MANIFEST = "manifest.json";
    static final String NDJSON = "application/x-ndjson";

    private Bundles() {
    }

    static String prefix(TenantId tenant, UUID export) {
        return "exports/" + tenant.value() + "/" + export + "/";
    }

    static String key(TenantId tenant, UUID export, String file) {
        return prefix(tenant, export) + file;
    }
}
