package dev.enclave.events;

/**
 * Thrown by a {@link DomainEventHandler} when something it needs is down for a while (e.g. the search node): the
 * events are not dead-lettered, not recorded as processed and not acknowledged; the consumer applies them again in
 * place after a growing wait ({@code enclave.events.consumer.retry-*}) until they succeed or the service stops.
 */
public class EventRetryLater extends RuntimeException {

    public EventRetryLater(String message, Throwable cause) {
        super(message, cause);
    }
}
