package dev.enclave.tenancy.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.enclave.events.EventChannels;
import dev.enclave.events.SignedRecords;
import dev.enclave.tenancy.NoTenantException;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.Persona;

/** The outgoing guard. */
@QuarkusTest
class OutgoingTenantGuardTest {

    @Inject
    OutgoingTenantGuard guard;

    @Test
    void theOutgoingGuardRefusesAMessageWithoutTenantAndStampsTheOthers() throws Exception {
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        Message<String> anonymous = Message.of("{}").withNack(t -> {
            refused.complete(t);
            return CompletableFuture.completedFuture(null);
        });
        Message<String> foreignKey = Message.of("{}")
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(Persona.GLOBEX + ":" + UUID.randomUUID()).build())
                .addMetadata(new TenantId(Persona.ACME));
        CompletableFuture<Throwable> refusedForeign = new CompletableFuture<>();
        foreignKey = foreignKey.withNack(t -> {
            refusedForeign.complete(t);
            return CompletableFuture.completedFuture(null);
        });
        Message<String> fine = Message.of("{}")
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(Persona.ACME + ":" + UUID.randomUUID()).build())
                .addMetadata(new TenantId(Persona.ACME));

        List<? extends Message<?>> sent = guard.decorate(Multi.createFrom().items(anonymous, foreignKey, fine),
                List.of(EventChannels.DOMAIN_EVENTS), true).collect().asList().await().atMost(Duration.ofSeconds(5));

        assertInstanceOf(NoTenantException.class, refused.get(5, TimeUnit.SECONDS));
        assertInstanceOf(NoTenantException.class, refusedForeign.get(5, TimeUnit.SECONDS));
        assertEquals(1, sent.size(), "only the message with a tenant goes on");
        var headers = sent.get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getHeaders();
        assertEquals(Persona.ACME, new String(headers.lastHeader(EventChannels.TENANT_ID).value(), StandardCharsets.UTF_8));
        String signature = new String(headers.lastHeader(EventChannels.SIGNATURE).value(), StandardCharsets.UTF_8);
        assertTrue(signature.startsWith("v2:k1:"), signature);
        // Signed for the channel's topic (the connector's "topic" attribute): only there does it verify.
        String topic = ConfigProvider.getConfig().getValue("mp.messaging.outgoing.domain-events.topic", String.class);
        String key = (String) sent.get(0).getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey();
        assertTrue(SignedRecords.relaysKey().verify(signature, topic, Persona.ACME, null, null, null, key, "{}"));
        assertFalse(SignedRecords.relaysKey().verify(signature, EventChannels.DOMAIN_EVENTS, Persona.ACME, null, null, null,
                key, "{}"));
    }

}
