package dev.enclave.tenancy.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.enclave.events.EventChannels;
import dev.enclave.events.EventRejection;
import dev.enclave.events.EventSignature;
import dev.enclave.events.EventVerdict;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantRegistry;
import dev.enclave.tenancy.TenantStatus;

/**
 * The incoming check every consumed record passes before it may be processed: exactly one well-formed
 * {@code tenant-id} header, a valid signature over topic, tenant, event headers, key and value, a key of that tenant
 * ({@code <tenant>:<aggregateId>}) and an event id. A record whose signature did not verify gets no tenant in its
 * verdict: its header is a claim anyone on the broker can make, so nothing (audit included) attributes it. Pure
 * computation (it runs on the Kafka connector's event loop); the registry check (unknown, suspended tenant) needs
 * the database and happens on the consumer's worker, in the tenant's turn: {@link #registryRefusal}.
 */
@Singleton
public class EventAdmission {

    private final EventSignature signature;
    private final TenantRegistry registry;

    EventAdmission(EventSignature signature, TenantRegistry registry) {
        this.signature = signature;
        this.registry = registry;
    }

    /**
     * Why the registry refuses the tenant's events, or null when it is served: the same rule as for its HTTP requests
     * ({@link TenantStatus#served()}). Reads the registry (cached), so it runs on the consumer's worker.
     */
    public String registryRefusal(TenantId tenant) {
        TenantStatus status = registry.registration(tenant).map(TenantRegistry.Registration::status).orElse(null);
        if (status == null) {
            return EventRejection.UNKNOWN_TENANT;
        }
        if (status.served()) {
            return null;
        }
        return status == TenantStatus.SUSPENDED ? EventRejection.SUSPENDED_TENANT : EventRejection.INACTIVE_TENANT;
    }

    /**
     * Whether the tenant's refused events are held for later rather than dead-lettered: it is not served now but may
     * be again ({@link TenantStatus#mayBeServedAgain()}, e.g. suspended). Reads the registry (cached).
     */
    public boolean holds(TenantId tenant) {
        return registry.registration(tenant).map(r -> !r.status().served() && r.status().mayBeServedAgain()).orElse(false);
    }

    public EventVerdict check(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (record == null) {
            return new EventVerdict(null, null, EventRejection.MALFORMED_EVENT);
        }
        Headers headers = record.getHeaders();
        String rawEventId = single(headers, EventChannels.EVENT_ID).value();
        UUID eventId = uuid(rawEventId); // kept on rejections too, so the audit record names the event
        Single rawTenant = single(headers, EventChannels.TENANT_ID);
        if (rawTenant.count() == 0) {
            return new EventVerdict(null, eventId, EventRejection.MISSING_TENANT);
        }
        TenantId tenant = rawTenant.count() == 1 ? TenantId.parse(rawTenant.value()).orElse(null) : null;
        if (tenant == null) {
            return new EventVerdict(null, eventId, EventRejection.MALFORMED_TENANT); // includes two tenant-id headers
        }
        Single sig = single(headers, EventChannels.SIGNATURE);
        if (sig.count() == 0) {
            return new EventVerdict(null, eventId, EventRejection.UNSIGNED_EVENT);
        }
        Object key = record.getKey();
        boolean valid = sig.count() == 1 && signature.verify(sig.value(), record.getTopic(), tenant.value(), rawEventId,
                single(headers, EventChannels.EVENT_TYPE).value(), single(headers, EventChannels.OCCURRED_AT).value(),
                key == null ? null : key.toString(), message.getPayload());
        if (!valid) {
            return new EventVerdict(null, eventId, EventRejection.BAD_SIGNATURE);
        }
        if (key != null && !key.toString().startsWith(tenant.value() + ":")) {
            // The relay never signs such a record (OutgoingTenantGuard refuses it); the key decides the partition,
            // and with it the order, so a record that lands among another tenant's records is not trusted.
            return new EventVerdict(tenant, eventId, EventRejection.MALFORMED_EVENT);
        }
        return new EventVerdict(tenant, eventId, eventId == null ? EventRejection.MALFORMED_EVENT : null);
    }

    private static UUID uuid(String raw) {
        try {
            return raw == null ? null : UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private record Single(int count, String value) {
    }

    /** The header's value when it occurs exactly once; a repeated header counts as ambiguous (value null). */
    private static Single single(Headers headers, String name) {
        Iterator<Header> all = headers.headers(name).iterator();
        if (!all.hasNext()) {
            return new Single(0, null);
        }
        Header first = all.next();
        if (all.hasNext()) {
            return new Single(2, null);
        }
        return new Single(1, first.value() == null ? null : new String(first.value(), StandardCharsets.UTF_8));
    }
}
