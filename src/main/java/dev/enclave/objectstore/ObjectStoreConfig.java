package dev.enclave.objectstore;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The S3-compatible object store that holds tenant export bundles ({@link BundleStore}). */
@ConfigMapping(prefix = "enclave.objectstore")
public interface ObjectStoreConfig {

    /** The store's URL (S3Proxy locally: http://127.0.0.1:9000); absent: AWS S3 of the region. Path-style access. */
    Optional<String> endpoint();

    @WithDefault("us-east-1")
    String region();

    /** Created on first use when missing. */
    @WithDefault("enclave-exports")
    String bucket();

    /**
     * Access key id and secret. Local and test profiles name S3Proxy's dev-only pair; production sets the secrets
     * ENCLAVE_OBJECTSTORE_ACCESS_KEY and ENCLAVE_OBJECTSTORE_SECRET_KEY (no default: without them the store answers 503).
     */
    Optional<String> accessKey();

    Optional<String> secretKey();

    /** Short: an unreachable store is a quick "retry later" for the export and import jobs. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long one read or write on the socket may stall (not the whole transfer). */
    @WithDefault("30s")
    Duration socketTimeout();
}
