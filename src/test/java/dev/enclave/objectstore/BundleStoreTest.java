package dev.enclave.objectstore;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import io.quarkus.test.junit.QuarkusTest;

/** Export bundles in the local stack's S3Proxy (./enclave up s3proxy), and the answers when the store is down. */
@QuarkusTest
class BundleStoreTest {

    @Inject
    BundleStore store;

    @Inject
    ObjectStoreConfig config;

    private final String prefix = "test-" + UUID.randomUUID() + "/";

    @AfterEach
    void deleteWhatTheTestStored() {
        store.deletePrefix(prefix);
    }

    @Test
    void aMultiMegabyteFileComesBackByteForByte() throws Exception {
        Path file = Files.createTempFile("bundle", ".bin");
        try {
            byte[] written = writeRandom(file, 6 * 1024 * 1024 + 123);
            store.put(prefix + "bundle.bin", file, "application/octet-stream");

            assertTrue(store.exists(prefix + "bundle.bin"));
            try (InputStream in = store.open(prefix + "bundle.bin")) {
                assertArrayEquals(written, sha256(in));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void listAndDeleteByPrefix() throws Exception {
        Path file = Files.createTempFile("part", ".txt");
        try {
            Files.writeString(file, "part");
            for (String key : List.of("acme/e1/a", "acme/e1/b", "acme/e2/a", "acme2/e1/a")) {
                store.put(prefix + key, file, "text/plain");
            }
            assertEquals(List.of(prefix + "acme/e1/a", prefix + "acme/e1/b", prefix + "acme/e2/a"), store.list(prefix + "acme/"));
            assertEquals(List.of(), store.list(prefix + "nobody/"));

            assertEquals(3, store.deletePrefix(prefix + "acme/"));
            assertEquals(0, store.deletePrefix(prefix + "acme/"), "nothing left the second time");
            assertEquals(List.of(prefix + "acme2/e1/a"), store.list(prefix));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aMissingKeyIsNotFound() {
        assertFalse(store.exists(prefix + "missing"));
        ProblemException e = assertThrows(ProblemException.class, () -> store.open(prefix + "missing"));
        assertEquals(ProblemType.NOT_FOUND, e.type());
    }

    @Test
    void theStoreIsWellAndItsHealthIsNotAReadinessMatter() {
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'object-store' }.status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'object-store' }", equalTo(null));
    }

    @Test
    void aStoreThatIsDownIsRetryLaterNeverAServerError() throws Exception {
        BundleStore down = new BundleStore(new Unreachable(config));
        Path file = Files.createTempFile("part", ".txt");
        try {
            for (Runnable call : new Runnable[] {
                    () -> down.put(prefix + "x", file, "text/plain"),
                    () -> down.open(prefix + "x"),
                    () -> down.exists(prefix + "x"),
                    () -> down.list(prefix),
                    () -> down.deletePrefix(prefix) }) {
                long start = System.nanoTime();
                RetryLaterException e = assertThrows(RetryLaterException.class, call::run);
                assertEquals(ProblemType.SERVICE_UNAVAILABLE, e.type());
                assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "an outage is reported quickly");
            }
            assertEquals(HealthCheckResponse.Status.DOWN, new ObjectStoreHealthCheck(down, new Unreachable(config)).call().getStatus());
        } finally {
            down.close();
            Files.deleteIfExists(file);
        }
    }

    /** The test's configuration with nothing listening at the endpoint (port 9, discard: connection refused). */
    private record Unreachable(ObjectStoreConfig base) implements ObjectStoreConfig {
        @Override
        public Optional<String> endpoint() {
            return Optional.of("http://127.0.0.1:9");
        }

        @Override
        public String region() {
            return base.region();
        }

        @Override
        public String bucket() {
            return base.bucket();
        }

        @Override
        public Optional<String> accessKey() {
            return base.accessKey();
        }

        @Override
        public Optional<String> secretKey() {
            return base.secretKey();
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration socketTimeout() {
            return Duration.ofSeconds(2);
        }
    }

    private static byte[] writeRandom(Path file, int size) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                int n = Math.min(left, chunk.length);
                out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
            }
        }
        return digest.digest();
    }

    private static byte[] sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }
}
