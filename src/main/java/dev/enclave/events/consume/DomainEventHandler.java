package dev.enclave.events.consume;

import java.util.List;

import dev.enclave.events.DomainEvent;

/**
 * What a consumer does with events. Called with a few events of ONE tenant at a time, in their order on the topic,
 * inside that tenant's context ({@code TenantScope.runAs}) and a transaction that also records them as processed;
 * events the consumer already processed are left out. Throwing rolls the whole call back; the events are then
 * retried one by one, and one that still fails goes to the dead-letter topic ({@link MalformedEventException}:
 * reason {@code malformed-event}, anything else {@code processing-failed}). Throwing {@link EventRetryLater} instead
 * means "not now": the same events are offered again after a wait, neither dead-lettered nor acknowledged.
 */
@FunctionalInterface
public interface DomainEventHandler {
    void handle(List<DomainEvent> events);
}
