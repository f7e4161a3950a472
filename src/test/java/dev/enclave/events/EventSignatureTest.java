package dev.enclave.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;

/**
 * The signature covers topic, tenant, event headers, key and value: changing any of them breaks it. It names its
 * key, so a rotation keeps the records signed with the previous key valid while the previous key is configured.
 */
class EventSignatureTest {

    private static final String OLD_SECRET = "a-test-key-that-is-long-enough-0123456789";
    private static final String NEW_SECRET = "the-next-test-key-also-long-enough-987654";
    private static final String TOPIC = "enclave.domain-events";

    private final EventSignature signature = new EventSignature("k1", OLD_SECRET);
    private final String signed = signature.sign(TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}");

    @Test
    void theSameRecordVerifies() {
        assertTrue(signed.startsWith("v2:k1:"), signed);
        assertTrue(signature.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    @Test
    void anyChangeBreaksIt() {
        assertFalse(signature.verify(signed, TOPIC, Persona.GLOBEX, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, TOPIC, Persona.ACME, "e2", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentDeleted", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-02T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "globex:d1", "{}"));
        assertFalse(signature.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{ }"));
        // Moving characters between parts is a change too.
        assertFalse(signature.verify(signed, TOPIC, "acm", "ee1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    /** L5: a genuine record copied to another topic (read by other consumers) does not verify there. */
    @Test
    void anotherTopicBreaksIt() {
        assertFalse(signature.verify(signed, TOPIC + ".dlq", Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, "other", Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    /**
     * L5: after a rotation the relay signs with the new key, and what the old key signed before (still in flight)
     * verifies as long as the old key is the previous one; once it is removed, it no longer does.
     */
    @Test
    void aRotationKeepsRecordsSignedWithThePreviousKeyValid() {
        EventSignature rotated = new EventSignature(new EventSignature.Key("k2", NEW_SECRET),
                Optional.of(new EventSignature.Key("k1", OLD_SECRET)), false);
        String fresh = rotated.sign(TOPIC, Persona.ACME, "e2", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}");

        assertTrue(fresh.startsWith("v2:k2:"), fresh);
        assertTrue(rotated.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"),
                "in flight, signed with the previous key");
        assertTrue(rotated.verify(fresh, TOPIC, Persona.ACME, "e2", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(fresh, TOPIC, Persona.ACME, "e2", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"),
                "an instance that only knows the old key does not accept what it cannot check");

        EventSignature done = new EventSignature("k2", NEW_SECRET);
        assertFalse(done.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"),
                "the previous key removed: its signatures are no longer accepted");
    }

    /** The key id selects the key; claiming the id of another key, or an unknown one, does not verify. */
    @Test
    void theKeyIdSelectsTheKey() {
        EventSignature rotated = new EventSignature(new EventSignature.Key("k2", NEW_SECRET),
                Optional.of(new EventSignature.Key("k1", OLD_SECRET)), false);
        String mac = signed.substring("v2:k1:".length());
        assertFalse(rotated.verify("v2:k2:" + mac, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(rotated.verify("v2:k9:" + mac, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    /** The old format (no key id, no topic) verifies only while the upgrade switch is on, and only with the current key. */
    @Test
    void version1IsAcceptedOnlyDuringTheUpgrade() throws Exception {
        String v1 = "v1:" + legacyMac(OLD_SECRET, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}");
        EventSignature upgrading = new EventSignature(new EventSignature.Key("k1", OLD_SECRET), Optional.empty(), true);

        assertTrue(upgrading.verify(v1, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(upgrading.verify(v1, TOPIC, Persona.GLOBEX, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(v1, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"),
                "off by default");
    }

    @Test
    void anotherKeyOrGarbageDoesNotVerify() {
        EventSignature other = new EventSignature("k1", "another-key-that-is-long-enough-0123456789");
        assertFalse(other.verify(signed, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify("v2:k1:!!!", TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify("v1:!!!", TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(null, TOPIC, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    @Test
    void shortKeysBadKeyIdsAndOneIdForTwoKeysAreRefused() {
        assertThrows(IllegalStateException.class, () -> new EventSignature("k1", "short"));
        assertThrows(IllegalStateException.class, () -> new EventSignature("k:1", OLD_SECRET));
        assertThrows(IllegalStateException.class, () -> new EventSignature(new EventSignature.Key("k1", NEW_SECRET),
                Optional.of(new EventSignature.Key("k1", OLD_SECRET)), false));
    }

    @Test
    void aKeyNeverPrintsItsSecret() {
        assertFalse(new EventSignature.Key("k1", OLD_SECRET).toString().contains(OLD_SECRET));
    }

    /** The v1 MAC exactly as the relay computed it before key ids (HMAC over "v1" and the length-prefixed parts). */
    private static String legacyMac(String secret, String... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update("v1".getBytes(StandardCharsets.UTF_8));
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            mac.update((byte) 1);
            mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            mac.update(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    }
}
