package dev.enclave.placement.move;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The online move of a tenant between databases ({@code enclave.placements.move.*}). */
@ConfigMapping(prefix = "enclave.placements.move")
public interface MoveConfig {

    /** Rows per insert into the target while copying. */
    @WithDefault("1000")
    int batchSize();

    /**
     * The pace of the copy and of the deletes (the source's rows after the switch, the target's on a rollback), rows
     * per second (0: as fast as they go). They are the long parts of a move and compete with every tenant's requests
     * for the databases' and the service's CPU.
     */
    @WithDefault("5000")
    int copyRowsPerSecond();

    /** The catch-up stops and the cut-over starts once a round replays at most this many changed rows. */
    @WithDefault("500")
    int cutOverBacklog();

    /** Catch-up rounds before the cut-over is tried anyway (a tenant writing faster than it is replayed). */
    @WithDefault("30")
    int maxCatchUpRounds();

    /**
     * The longest write pause: waiting for in-flight writes, the last catch-up and the verification must fit in it,
     * or the move rolls back (the tenant's writes resume in the source).
     */
    @WithDefault("5s")
    Duration pauseBound();

    /** How long the move waits for a relay pass of the tenant in the source to finish before the cut-over. */
    @WithDefault("30s")
    Duration relayWait();

    /**
     * How long the source's relay lock of the tenant is kept after the switch: longer than the placement cache's TTL
     * (TenantRegistry.TTL), so an instance that still has the old placement cannot publish from the source.
     */
    @WithDefault("3s")
    Duration relayHold();
}
