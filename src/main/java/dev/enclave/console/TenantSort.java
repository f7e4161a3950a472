package dev.enclave.console;

import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/**
 * The columns the tenants table sorts by ({@code ?sort=name}, descending with a minus: {@code ?sort=-documents}).
 * Ties are broken by id, so the order is stable.
 */
public enum TenantSort {
    ID("id", Comparator.comparing(TenantRow::id)),
    NAME("name", by(TenantRow::name)),
    STATUS("status", by(TenantRow::status)),
    PLAN("plan", by(TenantRow::plan)),
    REGION("region", by(TenantRow::region)),
    SEARCH("search", by(TenantRow::searchPlacement)),
    DOCUMENTS("documents", Comparator.comparingLong(TenantRow::documents)),
    STORED_BYTES("storedBytes", Comparator.comparingLong(TenantRow::storedBytes)),
    AI_TOKENS("aiTokens", Comparator.comparingLong(TenantRow::aiTokens));

    public final String param;
    private final Comparator<TenantRow> order;

    TenantSort(String param, Comparator<TenantRow> order) {
        this.param = param;
        this.order = order.thenComparing(TenantRow::id);
    }

    /** A column and a direction, as read from the query parameter. */
    public record Order(TenantSort column, boolean descending) {
        static final Order DEFAULT = new Order(ID, false);

        Comparator<TenantRow> comparator() {
            return descending ? column.order.reversed() : column.order;
        }

        public String param() {
            return (descending ? "-" : "") + column.param;
        }

        /** The link of a column header: this column ascending, or descending when it is already ascending. */
        public String next(String column) {
            return column.equals(this.column.param) && !descending ? "-" + column : column;
        }

        /** The header's mark: the direction when the table is sorted by this column. */
        public String mark(String column) {
            return column.equals(this.column.param) ? (descending ? " \u25BC" : " \u25B2") : "";
        }
    }

    /** Empty for a value that names no column (the page says so and sorts by id). */
    static Optional<Order> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.of(Order.DEFAULT);
        }
        boolean descending = raw.startsWith("-");
        String name = descending ? raw.substring(1) : raw;
        for (TenantSort column : values()) {
            if (column.param.equals(name)) {
                return Optional.of(new Order(column, descending));
            }
        }
        return Optional.empty();
    }

    private static Comparator<TenantRow> by(Function<TenantRow, String> field) {
        return Comparator.comparing(field, Comparator.nullsFirst(Comparator.naturalOrder()));
    }
}
