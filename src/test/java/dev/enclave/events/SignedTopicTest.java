package dev.enclave.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.EventTopics;
import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;

/**
 * L5: the signature covers the topic. In test runs the search indexer reads a topic of its own; a genuine record of
 * the relay's topic copied there, byte for byte, is refused (bad signature, dead-lettered) and never processed.
 */
@QuarkusTest
class SignedTopicTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aGenuineRecordCopiedToAnotherTopicIsRefusedThere() {
        String project = Workspace.createProject(Persona.ALICE);
        ConsumerRecord<String, String> genuine = EventTopics.read(EventTopics.topic(),
                r -> r.key().equals("acme:" + project), 1, WAIT).get(0);
        String event = EventTopics.header(genuine, EventChannels.EVENT_ID);

        var config = ConfigProvider.getConfig();
        EventTopics.publish(List.of(new ProducerRecord<>(config.getValue("enclave.events.channels.search-indexer.topic", String.class),
                null, genuine.key(), genuine.value(), new RecordHeaders(genuine.headers().toArray()))));

        List<ConsumerRecord<String, String>> dead = EventTopics.read(
                config.getValue("enclave.events.channels.search-indexer.dead-letter-topic", String.class),
                r -> event.equals(EventTopics.header(r, EventChannels.EVENT_ID)), 1, WAIT);
        assertEquals(1, dead.size(), "dead-lettered by the search indexer");
        assertEquals(EventRejection.BAD_SIGNATURE, EventTopics.header(dead.get(0), EventChannels.DEAD_LETTER_REASON));
        assertFalse(EventPipeline.processed(Persona.ACME, "search-indexer", UUID.fromString(event)));
    }
}
