package dev.enclave.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.Endpoint;
import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.RawHttp;
import dev.enclave.testing.Snapshot;

/**
 * Bodies over 1 MiB are 413 problem+json, whether they declare their length (refused before a byte is read: the
 * client, which asked "Expect: 100-continue", never sends it) or come chunked (refused while parsed), and nothing is
 * written; the largest valid document (just under the limit) is accepted.
 */
@QuarkusTest
@Timeout(120)
class OversizeBodyTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void aDeclaredBodyOverOneMebibyteIs413BeforeItIsRead() throws Exception {
        Target acme = Fixtures.target(Persona.ACME);
        Snapshot before = Snapshot.of(acme, Endpoint.CREATE_DOCUMENT);
        String raw = RawHttp.exchange(head(acme, "Content-Length: " + (MIB + 1) + "\r\nExpect: 100-continue\r\n"), null);
        assertTooLarge(raw);
        assertTrue(raw.toLowerCase().contains("connection: close"), raw);
        before.assertUnchanged(acme, Endpoint.CREATE_DOCUMENT);
    }

    @Test
    void aChunkedBodyOverOneMebibyteIs413() throws Exception {
        Target acme = Fixtures.target(Persona.ACME);
        Snapshot before = Snapshot.of(acme, Endpoint.CREATE_DOCUMENT);
        String raw = RawHttp.exchange(head(acme, "Transfer-Encoding: chunked\r\n"), RawHttp.chunked(documentOfBytes(MIB + 16 * 1024)));
        assertTooLarge(raw);
        before.assertUnchanged(acme, Endpoint.CREATE_DOCUMENT);
    }

    @Test
    void theLargestValidDocumentIsAccepted() {
        Target acme = Fixtures.target(Persona.ACME);
        // 500,000 two-byte characters (the longest body a document may have): about 0.95 MiB on the wire.
        Fixtures.as(Persona.ALICE).contentType("application/json")
                .body("{\"title\":\"big\",\"body\":\"" + "é".repeat(500_000) + "\"}")
                .post("/api/v1/projects/" + acme.project() + "/documents")
                .then().statusCode(201).body("sizeBytes", org.hamcrest.Matchers.equalTo(1_000_003));
    }

    private static String head(Target target, String bodyHeaders) {
        return "POST /api/v1/projects/" + target.project() + "/documents HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + Persona.ALICE.bearer() + "\r\nContent-Type: application/json\r\n"
                + bodyHeaders + "Connection: close\r\n\r\n";
    }

    /** A syntactically valid document body of exactly {@code size} bytes. */
    private static byte[] documentOfBytes(int size) {
        String prefix = "{\"title\":\"big\",\"body\":\"";
        String suffix = "\"}";
        return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix).getBytes(StandardCharsets.UTF_8);
    }

    private static void assertTooLarge(String raw) {
        assertEquals("HTTP/1.1 413 Request Entity Too Large", RawHttp.statusLine(raw), raw);
        assertTrue(raw.toLowerCase().contains("content-type: application/problem+json"), raw);
        assertTrue(raw.toLowerCase().contains("x-request-id: "), raw);
        String body = RawHttp.body(raw);
        assertTrue(body.contains("\"type\":\"urn:enclave:problem:payload-too-large\""), body);
        assertTrue(body.contains("\"detail\":\"the request body is larger than 1 MiB\""), body);
    }
}
