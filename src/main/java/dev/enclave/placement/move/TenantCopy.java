package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The data plane of a move: the snapshot copy and the catch-up of the rows written since, read in the source as the
 * tenant (the application role, RLS) and written in the target as the owner scoped to the tenant (TenantMoveJob). COPY FROM is refused
 * under RLS, so rows go as JSON batches through {@code jsonb_populate_recordset}.
 */
final class TenantCopy {

    private TenantCopy() {
    }

    /**
     * Copies one table's rows of the tenant, in key order, in batches (each its own transaction in the target).
     * {@code source} must be inside the snapshot's REPEATABLE READ transaction.
     */
    static long copy(Connection source, Connection target, TenantTable table, int batchSize, LongConsumer copied) throws SQLException {
        long rows = 0;
        StringBuilder batch = new StringBuilder("[");
        int inBatch = 0;
        try (PreparedStatement query = source.prepareStatement("select to_jsonb(x)::text from " + table.name()
                + " x where tenant_id = current_setting('app.tenant_id') order by " + table.keyList());
                PreparedStatement insert = target.prepareStatement(table.insertFromJson(false))) {
            query.setFetchSize(batchSize);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    batch.append(inBatch == 0 ? "" : ",").append(result.getString(1));
                    if (++inBatch == batchSize) {
                        rows += flush(insert, batch, inBatch);
                        copied.accept(rows);
                        batch.setLength(1);
                        inBatch = 0;
                    }
                }
            }
            if (inBatch > 0) {
                rows += flush(insert, batch, inBatch);
                copied.accept(rows);
            }
        }
        return rows;
    }

    private static int flush(PreparedStatement insert, StringBuilder batch, int rows) throws SQLException {
        insert.setString(1, batch.append(']').toString());
        int inserted = insert.executeUpdate();
        if (inserted != rows) {
            throw new SQLException("inserted " + inserted + " of " + rows + " rows");
        }
        return rows;
    }

    /**
     * What one catch-up round did: how many recorded changes it replayed, the keys they name (table -> keys as JSON
     * objects), and, when asked for, the digest of all the tenant's rows in the source in the round's snapshot.
     */
    record Round(int changes, Map<String, Set<String>> keys, Map<String, TenantDigest> sourceDigest) {

        /** Adds this round's keys to {@code into} (table -> keys). */
        void addKeysTo(Map<String, Set<String>> into) {
            keys.forEach((table, tableKeys) -> into.computeIfAbsent(table, t -> new LinkedHashSet<>()).addAll(tableKeys));
        }
    }

    /** Keys as one JSON array, for jsonb_populate_recordset. */
    static String jsonArray(Set<String> keys) {
        return "[" + String.join(",", keys) + "]";
    }

    /**
     * One catch-up round: the keys recorded in the source (tenant_move_changes, V65) and the rows they name now, read
     * in one snapshot; in the target, in one transaction, the rows gone from the source are deleted (children first)
     * and the others upserted (parents first), so the target holds the source's state of those rows at that
     * snapshot, and of every other row too (replayed by earlier rounds or copied). The replayed keys are forgotten in
     * the source afterwards; a crash in between replays them again, which changes nothing. With {@code digest}, the
     * round also hashes the tenant's rows in the source in the same snapshot: what the target must equal after it.
     */
    static Round catchUp(Connection source, Connection target, List<TenantTable> tables, boolean digest) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        Map<String, Set<String>> replayedKeys = new LinkedHashMap<>();
        Map<String, String[]> rows = new LinkedHashMap<>(); // table -> {present rows, absent keys}
        Map<String, TenantDigest> sourceDigest = null;
        source.setAutoCommit(false);
        source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            try (Statement query = source.createStatement();
                    ResultSet changes = query.executeQuery("select seq, table_name, row_key::text from tenant_move_changes()")) {
                while (changes.next()) {
                    seqs.add(changes.getLong(1));
                    keys.computeIfAbsent(changes.getString(2), t -> new LinkedHashSet<>()).add(changes.getString(3));
                }
            }
            for (TenantTable table : tables) {
                Set<String> tableKeys = keys.remove(table.name());
                if (tableKeys != null) {
                    String array = jsonArray(tableKeys);
                    replayedKeys.put(table.name(), tableKeys);
                    rows.put(table.name(), new String[] {
                            json(source, "select coalesce(jsonb_agg(to_jsonb(x)), '[]')::text from " + table.name() + " x join jsonb_populate_recordset(null::"
                                    + table.name() + ", ?::jsonb) k on " + table.keyJoin("x", "k"), array),
                            json(source, "select coalesce(jsonb_agg(to_jsonb(k)), '[]')::text from jsonb_populate_recordset(null::" + table.name()
                                    + ", ?::jsonb) k where not exists (select 1 from " + table.name() + " x where " + table.keyJoin("x", "k") + ")", array) });
                }
            }
            if (!keys.isEmpty()) {
                throw new SQLException("changes recorded for tables that are not tenant tables: " + keys.keySet());
            }
            if (digest) {
                sourceDigest = TenantDigest.of(source, tables);
            }
            source.commit();
        } finally {
            source.rollback();
            source.setAutoCommit(true);
        }
        if (seqs.isEmpty()) {
            return new Round(0, replayedKeys, sourceDigest);
        }
        target.setAutoCommit(false);
        try {
            for (TenantTable table : reversed(tables)) {
                String[] changed = rows.get(table.name());
                if (changed != null) {
                    update(target, "delete from " + table.name() + " x using jsonb_populate_recordset(null::" + table.name()
                            + ", ?::jsonb) k where " + table.keyJoin("x", "k"), changed[1]);
                }
            }
            for (TenantTable table : tables) {
                String[] changed = rows.get(table.name());
                if (changed != null) {
                    update(target, table.insertFromJson(true), changed[0]);
                }
            }
            target.commit();
        } finally {
            target.rollback();
            target.setAutoCommit(true);
        }
        try (PreparedStatement forget = source.prepareStatement("select tenant_move_forget_changes(?)")) {
            forget.setArray(1, source.createArrayOf("bigint", seqs.toArray()));
            forget.execute();
        }
        return new Round(seqs.size(), replayedKeys, sourceDigest);
    }

    /** Children before parents. */
    static List<TenantTable> reversed(List<TenantTable> tables) {
        List<TenantTable> reversed = new ArrayList<>(tables);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private static String json(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static void update(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeUpdate();
        }
    }
}
