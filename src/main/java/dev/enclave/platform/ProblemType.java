package dev.enclave.platform;

/** The kinds of problem Enclave reports; the URI is stable so clients can switch on it. */
public enum ProblemType {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    NO_TENANT(403, "No tenant"),
    TENANT_UNAVAILABLE(403, "Tenant not available"),
    TENANT_SUSPENDED(403, "Tenant suspended"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    CONFLICT(409, "Conflict"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused with another request"),
    PRECONDITION_REQUIRED(428, "Precondition required"),
    QUOTA_EXCEEDED(403, "Quota exceeded"),
    RATE_LIMITED(429, "Too many requests"),
    AI_BUDGET_EXCEEDED(429, "AI budget exceeded"),
    WRONG_REGION(421, "Tenant served by another region"),
    UPSTREAM_FAILED(502, "Upstream service failed"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return "urn:enclave:problem:" + name().toLowerCase().replace('_', '-');
    }

    /** The closest type for a bare HTTP status (used for framework-raised errors). */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != NO_TENANT && type != TENANT_UNAVAILABLE && type != VALIDATION_FAILED
                    && type != QUOTA_EXCEEDED && type != TENANT_SUSPENDED && type != IDEMPOTENCY_KEY_REUSED) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : MALFORMED_REQUEST;
    }
}
