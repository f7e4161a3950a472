package dev.enclave.testing;

import java.util.Map;

/**
 * Keycloak as the control plane's admin client sees it, behind a switchable relay ({@link RelayOutageResource}):
 * sign-ins and token verification keep using the real Keycloak, only {@code TenantAccounts} loses it.
 */
public class KeycloakAdminOutageResource extends RelayOutageResource {

    public KeycloakAdminOutageResource() {
        super("keycloak-admin", LocalStack.Component.KEYCLOAK.port);
    }

    @Override
    Map<String, String> config(int port) {
        return Map.of("enclave.identity.admin.server-url", "http://127.0.0.1:" + port);
    }

    /** Brings Keycloak up or down for the control plane under test; returns once it is so. */
    public static void keycloakAdminUp(boolean up) {
        relayUp("keycloak-admin", up);
    }
}
