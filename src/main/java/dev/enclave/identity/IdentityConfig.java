package dev.enclave.identity;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the control plane reaches Keycloak's Admin REST API ({@link TenantAccounts}): as the confidential client
 * {@code enclave-control-plane}, whose service account may only view, query and manage users.
 */
@ConfigMapping(prefix = "enclave.identity")
public interface IdentityConfig {

    Admin admin();

    interface Admin {

        /** Keycloak's base URL, e.g. {@code https://auth.example}; default: the base of {@code quarkus.oidc.auth-server-url}. */
        Optional<String> serverUrl();

        /** The realm of the tenants' users; default: the realm of {@code quarkus.oidc.auth-server-url}. */
        Optional<String> realm();

        @WithDefault("enclave-control-plane")
        String clientId();

        /**
         * The client's secret. Local and test profiles name the dev realm's; production sets
         * ENCLAVE_IDENTITY_ADMIN_CLIENT_SECRET (no default: without it the control plane answers 503 and says why).
         */
        Optional<String> clientSecret();
    }
}
