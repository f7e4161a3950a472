package dev.enclave.tenant;

/**
 * What the rest of Enclave may know about a registered tenant. {@code status} is the stored lifecycle status, for
 * display; whether the tenant is served is the tenancy core's decision (dev.enclave.tenancy.TenantStatus).
 */
public record TenantView(String id, String name, String plan, String status, String homeRegion,
        String dbPlacement, String searchPlacement) {
}
