package dev.enclave.console;

import dev.enclave.tenant.TenantView;

/** One line of the tenants table: the registry entry and its usage. */
public record TenantRow(String id, String name, String status, String plan, String region, String searchPlacement,
        long documents, long storedBytes, long aiTokens) {

    static TenantRow of(TenantView tenant, TenantUsageReader.Usage usage) {
        return new TenantRow(tenant.id(), tenant.name(), tenant.status(), tenant.plan(), tenant.homeRegion(),
                tenant.searchPlacement(), usage.documents(), usage.storedBytes(), usage.aiTokens());
    }
}
