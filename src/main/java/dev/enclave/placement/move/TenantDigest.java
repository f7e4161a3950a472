package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a move compares on both sides, per tenant table, as the tenant: a row count and a hash of rows' text in key
 * order. Equal on both sides means the same rows with the same values (same schema on both, V65+).
 */
record TenantDigest(long rows, String hash) {

    private static final String HASH = "coalesce(md5(string_agg(md5(x::text), '' order by %s)), '')";

    /** Every row of the tenant: the count and the hash of all of them. */
    static Map<String, TenantDigest> of(Connection connection, List<TenantTable> tables) throws SQLException {
        Map<String, TenantDigest> digests = new LinkedHashMap<>();
        for (TenantTable table : tables) {
            digests.put(table.name(), query(connection, "select count(*), " + HASH.formatted(order(table)) + " from " + table.name()
                    + " x where tenant_id = current_setting('app.tenant_id')", null));
        }
        return digests;
    }

    /**
     * The count and hash of only the rows with the given keys (table -> keys, as {@link TenantCopy.Round#keys()}):
     * after a full comparison, the rows changed since are all the two sides can differ in (every write is recorded).
     */
    static Map<String, TenantDigest> ofChanged(Connection connection, List<TenantTable> tables, Map<String, Set<String>> keys) throws SQLException {
        Map<String, TenantDigest> digests = new LinkedHashMap<>();
        for (TenantTable table : tables) {
            Set<String> changed = keys.get(table.name());
            if (changed != null && !changed.isEmpty()) {
                digests.put(table.name(), query(connection, "select count(*), " + HASH.formatted(order(table)) + " from " + table.name()
                        + " x join jsonb_populate_recordset(null::" + table.name() + ", ?::jsonb) k on " + table.keyJoin("x", "k")
                        + " where x.tenant_id = current_setting('app.tenant_id')", TenantCopy.jsonArray(changed)));
            }
        }
        return digests;
    }

    private static String order(TenantTable table) {
        return String.join(", ", table.key().stream().map(c -> "x." + c).toList());
    }

    private static TenantDigest query(Connection connection, String sql, String keys) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (keys != null) {
                query.setString(1, keys);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new TenantDigest(row.getLong(1), row.getString(2));
            }
        }
    }

    /** The first difference, said for the job's result; empty when both sides are equal. */
    static Optional<String> difference(Map<String, TenantDigest> source, Map<String, TenantDigest> target) {
        for (Map.Entry<String, TenantDigest> entry : source.entrySet()) {
            TenantDigest there = target.get(entry.getKey());
            if (!entry.getValue().equals(there)) {
                return Optional.of(entry.getKey() + ": " + entry.getValue().rows() + " rows in the source, "
                        + (there == null ? "none" : there.rows()) + " in the target"
                        + (there != null && there.rows() == entry.getValue().rows() ? " with other values" : ""));
            }
        }
        return Optional.empty();
    }
}
