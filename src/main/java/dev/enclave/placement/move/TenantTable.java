package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A tenant table as the move sees it: every table of the public schema with a {@code tenant_id} column (the same rule
 * as RlsStartupGuard), its primary key, its columns, and its identity ALWAYS columns (copied with
 * {@code overriding system value}). Read from pg_catalog, so a new tenant table moves with no change here.
 */
record TenantTable(String name, List<String> key, List<String> columns, List<String> identityAlways) {

    /** The tenant tables in foreign-key order: a table comes after every tenant table it references. */
    static List<TenantTable> read(Connection connection) throws SQLException {
        Map<String, TenantTable> tables = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select c.relname,
                       (select array_agg(a.attname::text order by array_position(i.indkey::int2[], a.attnum))
                          from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
                         where i.indrelid = c.oid and i.indisprimary),
                       (select array_agg(a.attname::text order by a.attnum) from pg_attribute a
                         where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''),
                       (select coalesce(array_agg(a.attname::text), '{}') from pg_attribute a where a.attrelid = c.oid and a.attidentity = 'a')
                  from pg_class c
                 where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace
                   and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped)""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (rows.getArray(2) == null) {
                    throw new IllegalStateException("tenant table " + name + " has no primary key: it cannot be moved");
                }
                tables.put(name, new TenantTable(name, List.of((String[]) rows.getArray(2).getArray()),
                        List.of((String[]) rows.getArray(3).getArray()), List.of((String[]) rows.getArray(4).getArray())));
            }
        }
        Map<String, Set<String>> parents = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select conrelid::regclass::text, confrelid::regclass::text from pg_constraint
                 where contype = 'f' and connamespace = 'public'::regnamespace and conrelid <> confrelid""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                if (tables.containsKey(rows.getString(1)) && tables.containsKey(rows.getString(2))) {
                    parents.computeIfAbsent(rows.getString(1), t -> new TreeSet<>()).add(rows.getString(2));
                }
            }
        }
        Map<String, TenantTable> ordered = new LinkedHashMap<>();
        while (ordered.size() < tables.size()) {
            int before = ordered.size();
            for (TenantTable table : tables.values()) {
                if (!ordered.containsKey(table.name()) && ordered.keySet().containsAll(parents.getOrDefault(table.name(), Set.of()))) {
                    ordered.put(table.name(), table);
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("the tenant tables' foreign keys form a cycle: " + parents);
            }
        }
        return new ArrayList<>(ordered.values());
    }

    /** {@code k1, k2} */
    String keyList() {
        return String.join(", ", key);
    }

    /** {@code x.k1 = k.k1 and x.k2 = k.k2} */
    String keyJoin(String left, String right) {
        return String.join(" and ", key.stream().map(c -> left + "." + c + " = " + right + "." + c).toList());
    }

    /** insert ... select from a JSON array of rows; {@code upsert}: on conflict of the key, update every other column. */
    String insertFromJson(boolean upsert) {
        String insert = "insert into " + name + (identityAlways.isEmpty() ? "" : " overriding system value")
                + " select * from jsonb_populate_recordset(null::" + name + ", ?::jsonb)";
        if (!upsert) {
            return insert;
        }
        // an identity ALWAYS column (outbox_events.seq) is never updated: it keeps the value the row was copied with
        List<String> others = columns.stream().filter(c -> !key.contains(c) && !identityAlways.contains(c)).toList();
        return insert + " on conflict (" + keyList() + ") do "
                + (others.isEmpty() ? "nothing" : "update set " + String.join(", ", others.stream().map(c -> c + " = excluded." + c).toList()));
    }
}
