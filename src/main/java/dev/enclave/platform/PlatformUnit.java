package dev.enclave.platform;

/**
 * The persistence unit of the few global tables (tenant registry, audit log). Tenant-owned entities live in the
 * default unit, which refuses to open a session without a tenant; these tables have no tenant to give it.
 */
public final class PlatformUnit {
    public static final String NAME = "platform";

    private PlatformUnit() {
    }
}
