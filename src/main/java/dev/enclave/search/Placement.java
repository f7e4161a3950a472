package dev.enclave.search;

/** Where a tenant's search documents live: {@code tenants.search_placement}. */
enum Placement {
    SHARED,
    DEDICATED;

    String dbValue() {
        return name().toLowerCase();
    }

    static Placement fromDb(String value) {
        return switch (value) {
            case "shared" -> SHARED;
            case "dedicated" -> DEDICATED;
            default -> throw new IllegalStateException("unknown search placement");
        };
    }
}
