package dev.enclave.placement;

import java.util.Locale;

/** db_placements.status (V64). Only SERVING placements are served. */
public enum PlacementStatus {
    SERVING,
    MIGRATING,
    FAILED,
    RETIRED;

    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PlacementStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
