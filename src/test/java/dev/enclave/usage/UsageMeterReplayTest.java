package dev.enclave.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.testing.EventPipeline;
import dev.enclave.testing.Persona;

/**
 * L5: an old event replayed to the usage meter (a genuine record sent again once its event id left the
 * de-duplication table) changes nothing, and is not counted as an event either: the version check comes first.
 */
@QuarkusTest
class UsageMeterReplayTest {

    private static final String TENANT = Persona.GLOBEX;

    @Inject
    UsageMeter meter;

    @Inject
    TenantScope scope;

    @Test
    void aReplayedOldEventIsNotCounted() {
        EventPipeline.awaitSettled(TENANT);
        UUID document = UUID.randomUUID();
        long before = EventPipeline.usage(TENANT).events();

        apply(new UsageMeter.Observed(UsageMeter.DOCUMENT, document, 0, true, 10));
        apply(new UsageMeter.Observed(UsageMeter.DOCUMENT, document, 1, true, 20));
        TenantUsage current = EventPipeline.usage(TENANT);
        assertEquals(before + 2, current.events(), "two new versions, two events");

        apply(new UsageMeter.Observed(UsageMeter.DOCUMENT, document, 0, true, 10)); // the first one, replayed
        apply(new UsageMeter.Observed(UsageMeter.DOCUMENT, document, 1, true, 20)); // the latest one, replayed
        TenantUsage replayed = EventPipeline.usage(TENANT);
        assertEquals(current.events(), replayed.events(), "replays are not counted");
        assertEquals(current.documents(), replayed.documents());

        apply(new UsageMeter.Observed(UsageMeter.DOCUMENT, document, 2, false, 0)); // and gone again
        assertEquals(current.documents() - 1, EventPipeline.usage(TENANT).documents());
    }

    private void apply(UsageMeter.Observed seen) {
        scope.runAs(new TenantId(TENANT), () -> QuarkusTransaction.requiringNew().run(() -> meter.apply(List.of(seen))));
    }
}
