package dev.enclave.events.consume;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;

import javax.sql.DataSource;

import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;

import dev.enclave.placement.PlacementPools;
import dev.enclave.platform.TenantMoving;

/**
 * Tells database trouble that passes (the consumer retries the turn in place) from an event that cannot be applied
 * (dead-lettered). A failure while the database is unreachable is trouble whatever it looks like: a commit cut off
 * by a lost connection arrives as a bare RollbackException, and dead-lettering it would lose the event (or, when the
 * commit had in fact landed, report an applied event as refused).
 */
class DatabaseTrouble {

    /** A commit that failed with no data error behind it is retried this often before the turn counts as failing. */
    static final int COMMIT_RETRIES = 5;

    private final PlacementPools placements;

    DatabaseTrouble(PlacementPools placements) {
        this.placements = placements;
    }

    boolean passing(Throwable failure, int attempt) {
        return transientState(failure) || (commitFailed(failure) && attempt <= COMMIT_RETRIES) || unreachable();
    }

    /** Connection lost, deadlock or serialization, too many connections, shutdown, pool exhausted, lock conflicts, a move. */
    static boolean transientState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof jakarta.persistence.PessimisticLockException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // No SQL state: e.g. the pool's "Sorry, acquisition timeout!" when every connection is busy.
                if (state == null ? String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("acquisition timeout")
                        : state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P")
                                || state.equals(TenantMoving.SQL_STATE)) { // the tenant is being moved: its next try goes to its new database
                    return true;
                }
            }
        }
        return false;
    }

    /** The commit itself failed and no data error (SQL state class 22 or 23) explains it. */
    static boolean commitFailed(Throwable e) {
        boolean commit = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            commit |= t instanceof RollbackException || t instanceof HeuristicMixedException || t instanceof HeuristicRollbackException;
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return false;
            }
        }
        return commit;
    }

    /**
     * Asks the databases themselves, each on a connection of its own: any placement served now that does not answer
     * (the failing event's tenant may be in any of them; counting one too many as trouble only retries, never loses).
     */
    boolean unreachable() {
        try {
            for (String placement : placements.serving()) {
                if (unreachable(placements.app(placement))) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static boolean unreachable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return !connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return true;
        }
    }
}
