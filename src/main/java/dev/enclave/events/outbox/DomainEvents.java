package dev.enclave.events.outbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Provider;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.context.Context;
import io.quarkus.security.identity.SecurityIdentity;

import dev.enclave.events.EventType;
import dev.enclave.platform.Actors;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tracing.TraceContexts;

/**
 * Records a domain change as an event, in the caller's transaction: the outbox row commits with the change or not
 * at all, so a rolled-back change publishes nothing and a committed one is published even if Kafka is down.
 * The relay is woken after the commit; the value is written exactly as DomainEvent reads it (no tenant inside).
 */
@ApplicationScoped
public class DomainEvents {

    private final OutboxRepository outbox;
    private final Provider<TenantId> tenant;
    private final ObjectMapper json;
    private final Instance<SecurityIdentity> identity;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    DomainEvents(OutboxRepository outbox, Provider<TenantId> tenant, ObjectMapper json, Instance<SecurityIdentity> identity,
            TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.outbox = outbox;
        this.tenant = tenant;
        this.json = json;
        this.identity = identity;
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Records an event of one of the {@link EventType}s: its aggregate and name come from the type. */
    @Transactional(TxType.MANDATORY)
    public <S> void record(EventType<S> type, UUID aggregateId, long aggregateVersion, S data) {
        record(type.aggregate().wireName(), aggregateId, aggregateVersion, type.wireName(), data);
    }

    /**
     * @param aggregateType {@code member}, {@code project} or {@code document}
     * @param aggregateVersion the entity's version after the change (deleted: last version + 1)
     * @param type e.g. {@code DocumentUpdated}
     * @param data the snapshot (a record or map; serialised with the application's JSON settings)
     */
    @Transactional(TxType.MANDATORY)
    public void record(String aggregateType, UUID aggregateId, long aggregateVersion, String type, Object data) {
        TenantId current = tenant.get(); // no tenant, no event
        OutboxEntity event = new OutboxEntity();
        event.id = UUID.randomUUID();
        event.aggregateType = aggregateType;
        event.aggregateId = aggregateId;
        event.aggregateVersion = aggregateVersion;
        event.eventType = type;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // what the database keeps
        event.occurredAt = now.atOffset(ZoneOffset.UTC);
        event.traceparent = TraceContexts.traceparent(Context.current()); // the relay's send continues this trace
        event.payload = value(event, now, data);
        outbox.persist(event);
        wakeRelayAfterCommit(current);
    }

    private String value(OutboxEntity event, Instant occurredAt, Object data) {
        ObjectNode value = json.createObjectNode();
        value.put("eventId", event.id.toString());
        value.put("type", event.eventType);
        value.put("aggregateType", event.aggregateType);
        value.put("aggregateId", event.aggregateId.toString());
        value.put("aggregateVersion", event.aggregateVersion);
        value.put("occurredAt", occurredAt.toString());
        value.put("actor", actor());
        value.set("data", json.valueToTree(data));
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("domain event could not be serialised", e);
        }
    }

    /** Once per transaction and tenant: tell this instance's relay there is something to publish. */
    private void wakeRelayAfterCommit(TenantId current) {
        String key = DomainEvents.class.getName() + ":" + current.value();
        if (transactions.getResource(key) != null) {
            return;
        }
        transactions.putResource(key, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake(current);
                }
            }
        });
    }

    private String actor() {
        return Actors.current(identity);
    }
}
