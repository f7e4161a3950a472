package dev.enclave.objectstore;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Tenant export bundles in an S3-compatible object store (S3Proxy locally, S3 or any compatible store in
 * production). Objects are streamed to and from files, never held in memory whole. Store down: the calls throw
 * {@link dev.enclave.platform.RetryLaterException} (the jobs that use it resume later). Keys are the callers'
 * (e.g. {@code <tenant>/<export id>/bundle.tar.zst}); this class knows no tenant.
 */
@ApplicationScoped
public class BundleStore {

    private final ObjectStoreConfig config;
    private final S3Client s3;
    private volatile boolean bucketChecked;

    BundleStore(ObjectStoreConfig config) {
        this.config = config;
        this.s3 = clientFor(config);
    }

    /** The client, or null without credentials (then every call is a 503 that says which settings are missing). */
    static S3Client clientFor(ObjectStoreConfig config) {
        if (config.accessKey().isEmpty() || config.secretKey().isEmpty()) {
            return null;
        }
        S3ClientBuilder builder = S3Client.builder()
                // The JDK's HTTP connection only: no Netty or Apache client threads and jars (pom.xml excludes them).
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.connectTimeout()).socketTimeout(config.socketTimeout()))
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get())))
                .forcePathStyle(true)
                // Checksums only where S3 requires them: S3-compatible stores (S3Proxy among them) refuse the newer
                // x-amz-checksum-* headers the SDK would otherwise add to every upload.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // One retry: the callers are resumable jobs, an outage should reach them quickly.
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(2)));
        config.endpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return builder.build();
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** Uploads a file (streamed from disk), replacing any object of that key. */
    public void put(String key, Path file, String contentType) {
        call("store an export bundle", () -> s3().putObject(b -> b.bucket(bucket()).key(key).contentType(contentType),
                RequestBody.fromFile(file)));
    }

    /** Opens an object for streaming reads; the caller closes it. A missing key is a 404 problem. */
    public InputStream open(String key) {
        try {
            return call("read an export bundle", () -> s3().getObject(b -> b.bucket(bucket()).key(key)));
        } catch (NotFound e) {
            throw ProblemException.notFound("export bundle '" + key + "'");
        }
    }

    public boolean exists(String key) {
        try {
            call("look up an export bundle", () -> s3().headObject(b -> b.bucket(bucket()).key(key)));
            return true;
        } catch (NotFound e) {
            return false;
        }
    }

    /** The keys under the prefix, all pages, in key order. */
    public List<String> list(String prefix) {
        return call("list export bundles", () -> {
            List<String> keys = new ArrayList<>();
            s3().listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix)).contents().forEach(o -> keys.add(o.key()));
            return keys;
        });
    }

    /**
     * Deletes every object under the prefix; returns how many. One request per object: the batch call (DeleteObjects)
     * must carry a checksum header that S3-compatible stores such as S3Proxy refuse, and a tenant has few bundles.
     */
    public int deletePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            // Callers always name a tenant's or an export's prefix: never the whole bucket by mistake.
            throw new IllegalArgumentException("deletePrefix needs a non-empty prefix");
        }
        int deleted = 0;
        for (String key : list(prefix)) {
            call("delete an export bundle", () -> s3().deleteObject(b -> b.bucket(bucket()).key(key)));
            deleted++;
        }
        return deleted;
    }

    /** Whether the store answers (the health check); never throws. */
    boolean reachable() {
        try {
            call("check the store", () -> s3().headBucket(b -> b.bucket(config.bucket())));
            return true;
        } catch (NotFound e) {
            return true; // it answered; the bucket is created on first use
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String bucket() {
        if (!bucketChecked) {
            ensureBucket();
        }
        return config.bucket();
    }

    private synchronized void ensureBucket() {
        if (bucketChecked) {
            return;
        }
        try {
            s3().headBucket(b -> b.bucket(config.bucket()));
        } catch (SdkException e) {
            if (!ObjectStoreFailures.isNotFound(e)) {
                throw ObjectStoreFailures.translate("check the export bucket", e);
            }
            try {
                s3().createBucket(b -> b.bucket(config.bucket()));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // created meanwhile by another instance
            } catch (SdkException c) {
                throw ObjectStoreFailures.translate("create the export bucket", c);
            }
        }
        bucketChecked = true;
    }

    private S3Client s3() {
        if (s3 == null) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "the object store has no credentials "
                    + "(enclave.objectstore.access-key/secret-key, env ENCLAVE_OBJECTSTORE_ACCESS_KEY/SECRET_KEY)");
        }
        return s3;
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            if (ObjectStoreFailures.isNotFound(e)) {
                throw new NotFound();
            }
            throw ObjectStoreFailures.translate(what, e);
        }
    }

    /** A 404 from the store, turned into the caller's answer (a problem, false, or "create it"). */
    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}
