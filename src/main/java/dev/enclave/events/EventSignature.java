package dev.enclave.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Signs and verifies domain-event records with HMAC-SHA256. Anyone who can write to the topic can claim any tenant
 * in a header; only holders of the key (Enclave's relay) can produce a record consumers accept. The MAC covers the
 * topic, the tenant, the event headers, the key and the value, so none of them can be swapped (e.g. another tenant's
 * id put on a genuine record, or a genuine record copied to another topic).
 *
 * <p>The value is {@code v2:<key id>:<base64url MAC>}: the key id says which key verifies it. A second key is
 * accepted but never signs ({@code previous-key}), so a rotation (EventsConfig.Signing) dead-letters nothing in
 * flight. The old {@code v1:<MAC>} (no key id, no topic) verifies only with {@code accept-v1}, for the upgrade.
 */
@Singleton
public class EventSignature {

    static final String VERSION = "v2";
    static final String LEGACY = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String KEY_ID = "[A-Za-z0-9._-]{1,32}";

    /** A key and its id; printed as its id only, so a key in a log line or exception never shows the secret. */
    public record Key(String id, String secret) {
        public Key {
            if (id == null || !id.matches(KEY_ID)) {
                throw new IllegalStateException("event signing key ids are 1-32 of [A-Za-z0-9._-]");
            }
            if (secret == null || secret.length() < 32) {
                throw new IllegalStateException("event signing keys must be at least 32 characters (key id " + id + ")");
            }
        }

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final boolean acceptV1;

    @Inject
    EventSignature(EventsConfig config) {
        this(new Key(config.signing().keyId(), config.signingKey()), previous(config.signing()), config.signing().acceptV1());
    }

    /** Signs with {@code current}; verifies with it and with {@code previous} (a rotation's other key). */
    public EventSignature(Key current, Optional<Key> previous, boolean acceptV1) {
        this.currentId = current.id();
        keys.put(current.id(), spec(current));
        previous.ifPresent(p -> {
            if (p.id().equals(current.id())) {
                throw new IllegalStateException("the previous event signing key needs another key id than the current one");
            }
            keys.put(p.id(), spec(p));
        });
        this.acceptV1 = acceptV1;
    }

    /** One key, no rotation (tests; tools). */
    public EventSignature(String id, String secret) {
        this(new Key(id, secret), Optional.empty(), false);
    }

    /** The header value for a record on {@code topic}: {@code v2:<key id>:<base64url HMAC>}. */
    public String sign(String topic, String tenant, String eventId, String type, String occurredAt, String recordKey,
            String value) {
        byte[] mac = mac(keys.get(currentId), VERSION, currentId, topic, tenant, eventId, type, occurredAt, recordKey, value);
        return VERSION + ":" + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    public boolean verify(String signature, String topic, String tenant, String eventId, String type, String occurredAt,
            String recordKey, String value) {
        if (signature == null) {
            return false;
        }
        String[] parts = signature.split(":", -1);
        if (parts.length == 3 && VERSION.equals(parts[0]) && keys.containsKey(parts[1])) {
            return matches(parts[2], mac(keys.get(parts[1]), VERSION, parts[1], topic, tenant, eventId, type, occurredAt,
                    recordKey, value));
        }
        if (parts.length == 2 && LEGACY.equals(parts[0]) && acceptV1) {
            // The format before key ids: signed with the current key, without key id and topic.
            return matches(parts[1], mac(keys.get(currentId), LEGACY, tenant, eventId, type, occurredAt, recordKey, value));
        }
        return false;
    }

    private static boolean matches(String encoded, byte[] expected) {
        try {
            return MessageDigest.isEqual(Base64.getUrlDecoder().decode(encoded), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The MAC of the version then each part, length-prefixed (moving bytes from one part to the next changes it). */
    private static byte[] mac(SecretKeySpec key, String version, String... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(version.getBytes(StandardCharsets.UTF_8));
            for (String part : parts) {
                update(mac, part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static void update(Mac mac, String part) {
        byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) (part == null ? 0 : 1));
        mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        mac.update(bytes);
    }

    private static SecretKeySpec spec(Key key) {
        return new SecretKeySpec(key.secret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    private static Optional<Key> previous(EventsConfig.Signing signing) {
        if (signing.previousKey().isEmpty()) {
            return Optional.empty();
        }
        String id = signing.previousKeyId().orElseThrow(() -> new IllegalStateException(
                "enclave.events.signing.previous-key needs enclave.events.signing.previous-key-id"));
        return Optional.of(new Key(id, signing.previousKey().get()));
    }
}
