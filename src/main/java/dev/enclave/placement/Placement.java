package dev.enclave.placement;

import java.time.OffsetDateTime;
import java.util.Optional;

/** A row of db_placements. {@code jdbcUrl} is empty for {@link #SHARED}, the service's own datasource. */
public record Placement(String name, Optional<String> jdbcUrl, PlacementStatus status, String schemaVersion, String detail,
        OffsetDateTime updatedAt) {

    /** The shared database: the default datasource, where the global tables live. */
    public static final String SHARED = "shared";

    public boolean shared() {
        return SHARED.equals(name);
    }

    /** host:port/database of the URL, never credentials or parameters (the URL check of V64 allows none). */
    public String database() {
        return jdbcUrl.map(url -> url.substring("jdbc:postgresql://".length())).orElse("(the service's datasource)");
    }
}
