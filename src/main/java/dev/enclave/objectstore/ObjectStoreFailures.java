package dev.enclave.objectstore;

import java.time.Duration;

import org.jboss.logging.Logger;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one translation of the store's failures into problems: unreachable, timed out or 5xx is
 * {@link RetryLaterException} (the export and import jobs retry), a refused request a 502; never a 500.
 */
final class ObjectStoreFailures {

    private static final Logger LOG = Logger.getLogger(ObjectStoreFailures.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private ObjectStoreFailures() {
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    static RuntimeException translate(String what, SdkException e) {
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if ((status >= 500 && status != 501) || status == 429) { // 501: a call this store does not know, retrying will not help
                LOG.warnf("the object store answered %d (%s) to %s", status, code, what);
                return retryLater("the object store failed (HTTP " + status + ") to " + what + "; try again shortly");
            }
            if (status == 401 || status == 403) {
                LOG.errorf("the object store refused our credentials (HTTP %d, %s) to %s: check enclave.objectstore.access-key/secret-key",
                        status, code, what);
                return new ProblemException(ProblemType.UPSTREAM_FAILED, "the object store refused the service's credentials to " + what);
            }
            LOG.warnf("the object store refused to %s: HTTP %d (%s)", what, status, code);
            return new ProblemException(ProblemType.UPSTREAM_FAILED, "the object store refused to " + what + " (HTTP " + status + ")");
        }
        if (e instanceof SdkClientException) {
            // Connection refused, timeouts, a reset stream: the store (or the way to it) is down.
            LOG.warnf("the object store cannot be reached to %s: %s", what, e.getMessage());
            return retryLater("the object store cannot be reached to " + what + "; try again shortly");
        }
        LOG.warnf("the object store failed to %s: %s", what, e.getMessage());
        return retryLater("the object store failed to " + what + "; try again shortly");
    }

    private static RetryLaterException retryLater(String detail) {
        return new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, detail, RETRY_AFTER);
    }
}
