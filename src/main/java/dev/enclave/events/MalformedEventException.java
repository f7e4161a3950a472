package dev.enclave.events;

/**
 * A record value that is not a domain event, or an event a consumer can never apply (e.g. a snapshot without a field
 * it needs). Retrying cannot help: dead-lettered with reason {@link EventRejection#MALFORMED_EVENT}.
 */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message, null, false, false);
    }
}
