package dev.enclave.identity;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;

/**
 * The one connection to Keycloak's Admin REST API (client credentials of {@code enclave-control-plane}; the
 * extension quarkus-keycloak-admin-rest-client puts it on the Quarkus REST client) and the one translation of its
 * failures: unreachable or 5xx is {@link RetryLaterException} (the control plane's jobs retry), refused credentials
 * or requests are a 502 problem. The secret is never logged, nor put into a message.
 */
@ApplicationScoped
class KeycloakAdmin {

    private static final Logger LOG = Logger.getLogger(KeycloakAdmin.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final String serverUrl;
    private final String realm;
    private final String clientId;
    private final Keycloak keycloak;

    KeycloakAdmin(IdentityConfig config, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String oidcServer) {
        IdentityConfig.Admin admin = config.admin();
        int realms = oidcServer.indexOf("/realms/");
        this.serverUrl = admin.serverUrl().orElse(realms < 0 ? oidcServer : oidcServer.substring(0, realms));
        this.realm = admin.realm().orElse(realms < 0 ? "enclave" : oidcServer.substring(realms + "/realms/".length()).replaceAll("/.*", ""));
        this.clientId = admin.clientId();
        // Building connects to nothing: the token is fetched on the first call, so the service starts with Keycloak down.
        this.keycloak = admin.clientSecret().filter(s -> !s.isBlank()).map(secret -> KeycloakBuilder.builder()
                .serverUrl(serverUrl).realm(realm).grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(clientId).clientSecret(secret).build()).orElse(null);
    }

    @PreDestroy
    void close() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    /** Runs one Admin API call against the tenants' realm, translating failures (see the class comment). */
    <T> T call(String what, java.util.function.Function<RealmResource, T> request) {
        if (keycloak == null) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "the control plane has no Keycloak client secret "
                    + "(enclave.identity.admin.client-secret, env ENCLAVE_IDENTITY_ADMIN_CLIENT_SECRET)");
        }
        try {
            return request.apply(keycloak.realm(realm));
        } catch (WebApplicationException e) {
            throw translate(what, e.getResponse().getStatus(), e);
        } catch (ProcessingException e) {
            throw unreachable(what, e);
        } catch (RuntimeException e) {
            if (isNetworkFailure(e)) {
                throw unreachable(what, e);
            }
            throw e;
        }
    }

    void run(String what, java.util.function.Consumer<RealmResource> request) {
        call(what, realm -> {
            request.accept(realm);
            return null;
        });
    }

    /** The problem for an answer of Keycloak with this status (for calls that return a Response). */
    RuntimeException translate(String what, int status, Throwable cause) {
        if (status >= 500 || status == 429) {
            LOG.debugf("Keycloak answered %d to %s", status, what); // the caller sees it (RetryLaterException)
            return new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE,
                    "the identity provider failed (HTTP " + status + ") to " + what + "; try again shortly", RETRY_AFTER);
        }
        if (status == 401 || status == 403) {
            // A wrong secret or missing role is the operator's to fix: retrying would not help.
            LOG.errorf("Keycloak refused client %s (HTTP %d) to %s: check its secret and its realm-management roles "
                    + "(view-users, query-users, manage-users)", clientId, status, what);
            return new ProblemException(ProblemType.UPSTREAM_FAILED,
                    "the identity provider refused the control plane's credentials to " + what);
        }
        LOG.warnf("Keycloak refused to %s: HTTP %d", what, status);
        return new ProblemException(ProblemType.UPSTREAM_FAILED, "the identity provider refused to " + what + " (HTTP " + status + ")");
    }

    private RetryLaterException unreachable(String what, Throwable e) {
        LOG.warnf("Keycloak at %s unreachable to %s: %s", serverUrl, what, rootMessage(e));
        return new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE,
                "the identity provider cannot be reached to " + what + "; try again shortly", RETRY_AFTER);
    }

    private static boolean isNetworkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProcessingException || t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
