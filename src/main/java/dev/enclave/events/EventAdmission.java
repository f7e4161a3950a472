package dev.enclave.events;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.enclave.tenancy.TenantId;

/**
 * The incoming check every consumed record passes before it may be processed: exactly one well-formed
 * {@code tenant-id} header, a valid signature over tenant, event headers, key and value, a key of that tenant
 * ({@code <tenant>:<aggregateId>}) and an event id. Pure
 * computation (it runs on the Kafka connector's event loop); the registry check (unknown, suspended tenant) needs
 * the database and happens on the consumer's worker, see {@link FairEventSubscriber}.
 */
@Singleton
public class EventAdmission {

    /** A verdict: {@code reason} null means admitted for {@code tenant}. */
    public record Verdict(TenantId tenant, UUID eventId, String reason) {
        public boolean admitted() {
            return reason == null;
        }
    }

    private final EventSignature signature;

    EventAdmission(EventSignature signature) {
        this.signature = signature;
    }

    public Verdict check(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (record == null) {
            return new Verdict(null, null, EventRejection.MALFORMED_EVENT);
        }
        Headers headers = record.getHeaders();
        String rawEventId = single(headers, EventChannels.EVENT_ID).value();
        UUID eventId = uuid(rawEventId); // kept on rejections too, so the audit record names the event
        Single rawTenant = single(headers, EventChannels.TENANT_ID);
        if (rawTenant.count() == 0) {
            return new Verdict(null, eventId, EventRejection.MISSING_TENANT);
        }
        TenantId tenant = rawTenant.count() == 1 ? TenantId.parse(rawTenant.value()).orElse(null) : null;
        if (tenant == null) {
            return new Verdict(null, eventId, EventRejection.MALFORMED_TENANT); // includes two tenant-id headers
        }
        Single sig = single(headers, EventChannels.SIGNATURE);
        if (sig.count() == 0) {
            return new Verdict(tenant, eventId, EventRejection.UNSIGNED_EVENT);
        }
        Object key = record.getKey();
        boolean valid = sig.count() == 1 && signature.verify(sig.value(), tenant.value(), rawEventId,
                single(headers, EventChannels.EVENT_TYPE).value(), single(headers, EventChannels.OCCURRED_AT).value(),
                key == null ? null : key.toString(), message.getPayload());
        if (!valid) {
            return new Verdict(tenant, eventId, EventRejection.BAD_SIGNATURE);
        }
        if (key != null && !key.toString().startsWith(tenant.value() + ":")) {
            // The relay never signs such a record (OutgoingTenantGuard refuses it); the key decides the partition,
            // and with it the order, so a record that lands among another tenant's records is not trusted.
            return new Verdict(tenant, eventId, EventRejection.MALFORMED_EVENT);
        }
        return new Verdict(tenant, eventId, eventId == null ? EventRejection.MALFORMED_EVENT : null);
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
