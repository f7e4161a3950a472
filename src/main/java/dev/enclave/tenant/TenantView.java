package dev.enclave.tenant;

/** What the rest of Enclave may know about a registered tenant. */
public record TenantView(String id, String name, String plan, TenantStatus status, String homeRegion,
        String dbPlacement, String searchPlacement) {
}
