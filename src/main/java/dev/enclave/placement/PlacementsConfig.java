package dev.enclave.placement;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Credentials and pool sizes for dedicated databases ({@code enclave.placements.*}). Which databases exist is data
 * (db_placements, registered with POST /admin/v1/placements), never config; the roles are the same on every server,
 * so their names and passwords are set once here and never stored in the database.
 */
@ConfigMapping(prefix = "enclave.placements")
public interface PlacementsConfig {

    /** The application role on every placement (no superuser, no BYPASSRLS, owns nothing). */
    @WithDefault("${quarkus.datasource.username}")
    String appUsername();

    /** Production: the secret ENCLAVE_PLACEMENTS_APP_PASSWORD (the local stack's loopback trust ignores it). */
    Optional<String> appPassword();

    /** The schema owner on every placement: migrations (PlacementMigrations) run as it. */
    @WithDefault("${quarkus.flyway.username}")
    String ownerUsername();

    /** Production: only the migrate Job has it (like quarkus.flyway.password). */
    Optional<String> ownerPassword();

    /** Connections per dedicated database and instance. */
    @WithDefault("8")
    int maxPoolSize();

    /** How long a request waits for a connection of a dedicated pool. */
    @WithDefault("5s")
    Duration acquisitionTimeout();

    /**
     * How long the guard's verdict on a dedicated placement stands on this instance: a refused one is checked again
     * after it (repaired, it is served without a restart), a served one too (loosened while serving, it is refused).
     */
    @WithDefault("10s")
    Duration recheckAfter();
}
