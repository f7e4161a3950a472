package dev.enclave.platform;

import java.time.Duration;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A problem the client may retry after a known time: answered with a {@code Retry-After} header (seconds). */
public class RetryLaterException extends ProblemException {

    private final long retryAfterSeconds;

    public RetryLaterException(ProblemType type, String detail, Duration retryAfter) {
        super(type, detail);
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** More specific than the mapper of {@link ProblemException}, so it wins for this type. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response retryLater(RetryLaterException e) {
            return Response.fromResponse(e.problem().toResponse()).header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds).build();
        }
    }
}
