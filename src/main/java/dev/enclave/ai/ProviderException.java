package dev.enclave.ai;

/** A provider could not answer: {@link Unavailable} may work later (timeouts, overload, 5xx), {@link Refused} will not. */
public abstract class ProviderException extends RuntimeException {

    ProviderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Timeouts, connection failures, 429 and 5xx answers: retried, then reported as 503 with Retry-After. */
    public static final class Unavailable extends ProviderException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 4xx answers (other than 429) and answers we cannot read: not retried, reported as 502. */
    public static final class Refused extends ProviderException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The call's deadline passed or its request gave up: no further attempt (not retried). */
    public static final class Abandoned extends ProviderException {
        Abandoned(String message) {
            super(message, null);
        }
    }
}
