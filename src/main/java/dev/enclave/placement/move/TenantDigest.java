package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cut-over compares on both sides, per tenant table, as the tenant: the row count and a hash of the rows'
 * text in key order. Equal on both sides means the same rows with the same values (same schema on both, V65+).
 */
record TenantDigest(long rows, String hash) {

    static Map<String, TenantDigest> of(Connection connection, List<TenantTable> tables) throws SQLException {
        Map<String, TenantDigest> digests = new LinkedHashMap<>();
        for (TenantTable table : tables) {
            String order = String.join(", ", table.key().stream().map(c -> "x." + c).toList());
            try (Statement query = connection.createStatement(); ResultSet row = query.executeQuery(
                    "select count(*), coalesce(md5(string_agg(md5(x::text), '' order by " + order + ")), '') from " + table.name()
                            + " x where tenant_id = current_setting('app.tenant_id')")) {
                row.next();
                digests.put(table.name(), new TenantDigest(row.getLong(1), row.getString(2)));
            }
        }
        return digests;
    }

    /** The first difference, said for the job's result; empty when both sides are equal. */
    static java.util.Optional<String> difference(Map<String, TenantDigest> source, Map<String, TenantDigest> target) {
        for (Map.Entry<String, TenantDigest> entry : source.entrySet()) {
            TenantDigest there = target.get(entry.getKey());
            if (!entry.getValue().equals(there)) {
                return java.util.Optional.of(entry.getKey() + ": " + entry.getValue().rows() + " rows in the source, "
                        + (there == null ? "none" : there.rows()) + " in the target"
                        + (there != null && there.rows() == entry.getValue().rows() ? " with other values" : ""));
            }
        }
        return java.util.Optional.empty();
    }
}
