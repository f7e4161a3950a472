package dev.enclave.tenancy;

/** The log context key that carries the tenant on every log line of a unit of work. */
final class TenantMdc {
    static final String KEY = "tenant_id";

    private TenantMdc() {
    }
}
