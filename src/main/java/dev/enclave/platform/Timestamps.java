package dev.enclave.platform;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** "Now" at the database's precision (microseconds, UTC), so what a write returns equals what a read returns. */
public final class Timestamps {

    private Timestamps() {
    }

    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
