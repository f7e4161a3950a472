package dev.enclave.platform;

import io.quarkus.oidc.OIDCException;

/** Recognises the failures Quarkus OIDC raises when the identity provider cannot be reached. */
final class IdentityProviderOutage {

    private IdentityProviderOutage() {
    }

    static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OIDCException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
