package dev.enclave.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Signs and verifies domain-event records with HMAC-SHA256. Anyone who can write to the topic can claim any tenant
 * in a header; only holders of the key (Enclave's relay) can produce a record consumers accept. The MAC covers the
 * tenant, the event headers, the key and the value, so none of them can be swapped (e.g. another tenant's id put
 * on a genuine record).
 */
@Singleton
public class EventSignature {

    static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    @Inject
    EventSignature(EventsConfig config) {
        this(config.signingKey());
    }

    public EventSignature(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalStateException("enclave.events.signing-key must be at least 32 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for a record: {@code v1:<base64url HMAC>}. */
    public String sign(String tenant, String eventId, String type, String occurredAt, String recordKey, String value) {
        return VERSION + ":" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(tenant, eventId, type, occurredAt, recordKey, value));
    }

    public boolean verify(String signature, String tenant, String eventId, String type, String occurredAt, String recordKey,
            String value) {
        if (signature == null || !signature.startsWith(VERSION + ":")) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = Base64.getUrlDecoder().decode(signature.substring(VERSION.length() + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(claimed, mac(tenant, eventId, type, occurredAt, recordKey, value));
    }

    private byte[] mac(String... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(VERSION.getBytes(StandardCharsets.UTF_8));
            for (String part : parts) {
                // Length-prefixed, so that moving bytes from one part to the next changes the MAC.
                byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
                mac.update((byte) (part == null ? 0 : 1));
                mac.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
