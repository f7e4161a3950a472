package dev.enclave.tenancy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the tenant comes from in a verified access token. */
@ConfigMapping(prefix = "enclave.tenancy")
public interface TenancyConfig {

    /** {@code claim}: a string claim (see {@link #claim()}); {@code organization}: Keycloak's organization claim. */
    @WithDefault("claim")
    Source source();

    /** Name of the string claim that holds the tenant id. */
    @WithDefault("tenant_id")
    String claim();

    /** Name of Keycloak's organization claim; a token must name exactly one organization. */
    @WithDefault("organization")
    String organizationClaim();

    /**
     * The region this deployment serves. A tenant whose home region differs is answered with 421 naming its
     * region: each region's deployment serves only its own tenants (data residency).
     */
    @WithDefault("local")
    String region();

    enum Source {
        CLAIM,
        ORGANIZATION
    }
}
