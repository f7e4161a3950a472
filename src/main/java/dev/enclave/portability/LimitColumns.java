package dev.enclave.portability;

import java.util.List;

/** The override columns of tenant_limits (V40) and their names in a bundle's limits record. */
final class LimitColumns {

    static final List<String> ALL = List.of("requests_per_second", "burst", "max_in_flight", "storage_bytes",
            "ai_tokens_per_month", "background_concurrency");

    private LimitColumns() {
    }

    /** {@code max_in_flight} → {@code maxInFlight}. */
    static String field(String column) {
        StringBuilder field = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                field.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return field.toString();
    }
}
