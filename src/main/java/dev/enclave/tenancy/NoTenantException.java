package dev.enclave.tenancy;

/** Tenant-scoped work was attempted without a tenant. Enclave fails closed: this is a denial, never a default. */
public class NoTenantException extends RuntimeException {
    public NoTenantException(String message) {
        super(message);
    }
}
