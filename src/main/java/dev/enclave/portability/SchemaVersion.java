package dev.enclave.portability;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The database's schema version: Flyway's latest applied versioned migration (repeatable ones have none). Read once:
 * migrations run before the service starts, never while it runs.
 */
@ApplicationScoped
class SchemaVersion {

    private final Flyway flyway;
    private volatile String current;

    SchemaVersion(Flyway flyway) {
        this.flyway = flyway;
    }

    String current() {
        if (current == null) {
            current = read();
        }
        return current;
    }

    private String read() {
        return Arrays.stream(flyway.info().applied()).map(MigrationInfo::getVersion).filter(v -> v != null)
                .reduce((a, b) -> a.compareTo(b) >= 0 ? a : b).map(MigrationVersion::getVersion).orElse("0");
    }

    /** Whether a bundle written at {@code version} is from this schema or an older one. */
    boolean notNewer(String version) {
        return MigrationVersion.fromVersion(version).compareTo(MigrationVersion.fromVersion(current())) <= 0;
    }
}
