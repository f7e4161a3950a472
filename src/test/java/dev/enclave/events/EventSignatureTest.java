package dev.enclave.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;

/** The signature covers tenant, event headers, key and value: changing any of them breaks it. */
class EventSignatureTest {

    private final EventSignature signature = new EventSignature("a-test-key-that-is-long-enough-0123456789");
    private final String signed = signature.sign(Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}");

    @Test
    void theSameRecordVerifies() {
        assertTrue(signature.verify(signed, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    @Test
    void anyChangeBreaksIt() {
        assertFalse(signature.verify(signed, Persona.GLOBEX, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, Persona.ACME, "e2", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, Persona.ACME, "e1", "DocumentDeleted", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, Persona.ACME, "e1", "DocumentCreated", "2026-01-02T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(signed, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "globex:d1", "{}"));
        assertFalse(signature.verify(signed, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{ }"));
        // Moving characters between parts is a change too.
        assertFalse(signature.verify(signed, "acm", "ee1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    @Test
    void anotherKeyOrGarbageDoesNotVerify() {
        EventSignature other = new EventSignature("another-key-that-is-long-enough-0123456789");
        assertFalse(other.verify(signed, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify("v1:!!!", Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
        assertFalse(signature.verify(null, Persona.ACME, "e1", "DocumentCreated", "2026-01-01T00:00:00Z", "acme:d1", "{}"));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalStateException.class, () -> new EventSignature("short"));
    }
}
