package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.enclave.tenancy.TenantId;

/**
 * The write guard's state of a tenant in one database (tenant_moves, V65), changed as the schema owner: capturing
 * (its writes' keys are recorded), fenced and moved (its writes are refused), or no row (nothing happens). Also the
 * locks of the cut-over, held on one dedicated owner connection.
 */
final class MoveFence {

    /** The outbox relay's per-tenant lock (OutboxRepository.TRY_LOCK): held, no relay pass of the tenant runs here. */
    private static final String RELAY_LOCK = "select pg_advisory_lock(hashtextextended('enclave.outbox:' || ?, 0))";
    private static final String MOVE_LOCK = "select pg_advisory_lock(tenant_move_lock_key(?))";

    private MoveFence() {
    }

    /**
     * Starts recording the tenant's writes: with the move lock held exclusively for that instant, so every write that
     * did not see the row has committed before the snapshot starts. Earlier recorded keys are dropped.
     */
    static void capture(Connection owner, TenantId tenant, UUID job) throws SQLException {
        owner.setAutoCommit(false);
        try {
            execute(owner, "select pg_advisory_xact_lock(tenant_move_lock_key(?))", tenant.value());
            try (PreparedStatement upsert = owner.prepareStatement("""
                    insert into tenant_moves (tenant, state, job) values (?, 'capturing', ?)
                    on conflict (tenant) do update set state = 'capturing', job = excluded.job, changed_at = now()""")) {
                upsert.setString(1, tenant.value());
                upsert.setObject(2, job);
                upsert.executeUpdate();
            }
            execute(owner, "delete from tenant_changes where tenant = ?", tenant.value());
            owner.commit();
        } finally {
            owner.rollback();
            owner.setAutoCommit(true);
        }
    }

    static void state(Connection owner, TenantId tenant, String state) throws SQLException {
        try (PreparedStatement upsert = owner.prepareStatement("""
                insert into tenant_moves (tenant, state) values (?, ?)
                on conflict (tenant) do update set state = excluded.state, changed_at = now()""")) {
            upsert.setString(1, tenant.value());
            upsert.setString(2, state);
            upsert.executeUpdate();
        }
    }

    /** No guard state and no recorded keys of the tenant here: its writes are taken as usual. */
    static void clear(Connection owner, TenantId tenant) throws SQLException {
        execute(owner, "delete from tenant_moves where tenant = ?", tenant.value());
        execute(owner, "delete from tenant_changes where tenant = ?", tenant.value());
    }

    /** Waits (at most {@code wait}) until no relay pass of the tenant runs here, and keeps new ones out. */
    static void lockRelay(Connection owner, TenantId tenant, Duration wait) throws SQLException {
        lockTimeout(owner, wait);
        execute(owner, RELAY_LOCK, tenant.value());
    }

    /** Waits (at most {@code wait}) for the tenant's writes in flight; new ones wait until {@link #unlock}. */
    static void lockWrites(Connection owner, TenantId tenant, Duration wait) throws SQLException {
        lockTimeout(owner, wait);
        execute(owner, MOVE_LOCK, tenant.value());
    }

    static void unlockWrites(Connection owner, TenantId tenant) throws SQLException {
        execute(owner, "select pg_advisory_unlock(tenant_move_lock_key(?))", tenant.value());
    }

    static void unlockAll(Connection owner) throws SQLException {
        try (PreparedStatement unlock = owner.prepareStatement("select pg_advisory_unlock_all()")) {
            unlock.execute();
        }
    }

    /**
     * Deletes the moved tenant's rows here (children first) and its recorded keys, as the owner: the purge policy of
     * the tenant tables lets it see them, and the cleanup setting lets it past the guard (fenced/moved). In batches of
     * {@code batch} rows, each its own transaction, held to {@code pace}: a tenant's 100,000 rows deleted at once made
     * the other tenants of the database wait. Run again after a crash, it deletes what is left.
     */
    static long deleteRows(Connection owner, TenantId tenant, List<TenantTable> tables, int batch, RowPace pace) throws SQLException {
        long deleted = 0;
        owner.setAutoCommit(false);
        try {
            for (TenantTable table : TenantCopy.reversed(tables)) {
                try (PreparedStatement delete = owner.prepareStatement("delete from " + table.name() + " where ctid = any(array(select ctid from "
                        + table.name() + " where tenant_id = ? limit ?))")) {
                    delete.setString(1, tenant.value());
                    delete.setInt(2, batch);
                    int rows;
                    do {
                        execute(owner, "select set_config('app.purge_tenant', ?, true)", tenant.value());
                        execute(owner, "select set_config('app.tenant_move_cleanup', ?, true)", tenant.value());
                        rows = delete.executeUpdate();
                        owner.commit();
                        deleted += rows;
                        pace.await(deleted);
                    } while (rows == batch);
                }
            }
            execute(owner, "delete from tenant_changes where tenant = ?", tenant.value());
            owner.commit();
        } finally {
            owner.rollback();
            owner.setAutoCommit(true);
        }
        return deleted;
    }

    /** The target's outbox identity goes past every copied seq, so the tenant's new events order after them. */
    static void advanceOutboxSequence(Connection owner) throws SQLException {
        try (PreparedStatement advance = owner.prepareStatement("""
                select setval(s::regclass, greatest(coalesce(pg_sequence_last_value(s::regclass), 1),
                                                    (select coalesce(max(seq), 1) from outbox_events)))
                  from pg_get_serial_sequence('public.outbox_events', 'seq') s""")) {
            advance.execute();
        }
    }

    private static void lockTimeout(Connection owner, Duration wait) throws SQLException {
        try (PreparedStatement set = owner.prepareStatement("select set_config('lock_timeout', ?, false)")) {
            set.setString(1, Math.max(1, wait.toMillis()) + "ms");
            set.execute();
        }
    }

    private static void execute(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.execute();
        }
    }
}
