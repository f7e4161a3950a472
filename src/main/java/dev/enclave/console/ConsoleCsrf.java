package dev.enclave.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * CSRF protection of the console's forms: every form carries a token that is an HMAC of the signed-in session
 * (the ID token's subject and Keycloak session id), which a page on another site cannot know or read. The session
 * cookie is also SameSite=Lax. The key is {@code enclave.console.csrf-secret}, or random per start (then a form
 * rendered before a restart, or by another instance, is refused and the operator reloads the page).
 */
@ApplicationScoped
class ConsoleCsrf {

    static final String FIELD = "csrf-token";

    private final SecretKeySpec key;

    ConsoleCsrf(ConsoleConfig config) {
        byte[] secret = config.csrfSecret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The token the current session's forms carry. */
    String token(SecurityIdentity identity) {
        JsonWebToken token = (JsonWebToken) identity.getPrincipal();
        String session = token.containsClaim("sid") ? token.getClaim("sid").toString() : String.valueOf(token.getIssuedAtTime());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((token.getSubject() + "|" + session).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Before anything else a form does: a form that did not come from this session's pages is refused. */
    void require(SecurityIdentity identity, String submitted) {
        if (!accepts(identity, submitted)) {
            throw new FormRefused();
        }
    }

    /** A form without this session's CSRF token. */
    static final class FormRefused extends RuntimeException {
        FormRefused() {
            super("form without the session's CSRF token", null, false, false);
        }
    }

    /** True when the form came from a page of this session. */
    private boolean accepts(SecurityIdentity identity, String submitted) {
        return submitted != null && MessageDigest.isEqual(token(identity).getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }
}
