package dev.enclave.events;

/**
 * Why a consumed record was not processed. The message is the bounded reason code that the dead-letter
 * writer (DeadLetters) puts into the {@code dead-letter-reason} header and that the audit record and the denial metric carry.
 */
public final class EventRejection extends RuntimeException {

    public static final String MISSING_TENANT = "missing-tenant";
    public static final String MALFORMED_TENANT = "malformed-tenant";
    public static final String UNKNOWN_TENANT = "unknown-tenant";
    public static final String SUSPENDED_TENANT = "suspended-tenant";
    public static final String INACTIVE_TENANT = "inactive-tenant";
    public static final String UNSIGNED_EVENT = "unsigned-event";
    public static final String BAD_SIGNATURE = "bad-signature";
    public static final String MALFORMED_EVENT = "malformed-event";
    public static final String PROCESSING_FAILED = "processing-failed";

    private final String reason;

    public EventRejection(String reason) {
        super(reason, null, false, false); // a verdict, not a crash: no stack trace
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
