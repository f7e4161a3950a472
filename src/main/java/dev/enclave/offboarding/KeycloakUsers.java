package dev.enclave.offboarding;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.identity.TenantAccounts;
import dev.enclave.tenancy.TenantId;

/** The tenant's users in Keycloak: those whose admin-only {@code tenant_id} attribute names it. */
@ApplicationScoped
class KeycloakUsers implements TenantStore {

    private final TenantAccounts accounts;

    KeycloakUsers(TenantAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public long count(TenantId tenant) {
        return accounts.countUsersOf(tenant);
    }

    @Override
    public void purge(TenantId tenant) {
        accounts.deleteUsersOf(tenant);
    }

    @Override
    public String countedBy() {
        return "Keycloak Admin REST API: users whose tenant_id attribute is the tenant (exact match)";
    }

    @Override
    public String meaning() {
        return "the tenant's user accounts, their credentials and sessions (deleted)";
    }
}
