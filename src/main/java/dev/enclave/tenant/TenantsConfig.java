package dev.enclave.tenant;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The control plane's provisioning ({@code enclave.tenants.*}). */
@ConfigMapping(prefix = "enclave.tenants")
public interface TenantsConfig {

    /**
     * A new tenant's owner gets the password = their username, like the dev realm's personas. Only the {@code local}
     * and {@code test} profiles set it; elsewhere the owner gets no password and Keycloak's required actions (set a
     * password, verify the email), so the API never returns or stores anything secret.
     */
    @WithDefault("false")
    boolean devPasswords();

    /**
     * Home regions a tenant may be provisioned into besides this deployment's own ({@code enclave.tenancy.region}):
     * the registry is shared, and each region's deployment serves its own tenants (others get 421).
     */
    Optional<List<String>> otherRegions();
}
