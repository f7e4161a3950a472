package dev.enclave.events.consume;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.transaction.RollbackException;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransactionException;

/** Which failures a consumer retries in place (database trouble) and which dead-letter the event. */
class DatabaseTroubleTest {

    /** A database that answers: only the failure itself decides. */
    private final DatabaseTrouble trouble = new DatabaseTrouble(null) {
        @Override
        boolean unreachable() {
            return false;
        }
    };

    @Test
    void aLostConnectionOrADeadlockPasses() {
        assertTrue(trouble.passing(new IllegalStateException(new SQLException("I/O error", "08006")), 1));
        assertTrue(trouble.passing(new RuntimeException(new SQLException("deadlock detected", "40P01")), 1));
        assertTrue(trouble.passing(new RuntimeException(new SQLException("Sorry, acquisition timeout!")), 1));
    }

    @Test
    void aCommitCutOffWithoutADataErrorPassesAFewTimes() {
        RuntimeException commit = new QuarkusTransactionException(new RollbackException("ARJUNA016053: Could not commit transaction."));
        assertTrue(trouble.passing(commit, 1));
        assertTrue(trouble.passing(commit, DatabaseTrouble.COMMIT_RETRIES));
        assertFalse(trouble.passing(commit, DatabaseTrouble.COMMIT_RETRIES + 1), "a commit that keeps failing is the event's fault");
    }

    @Test
    void aDataErrorIsTheEventsFault() {
        RollbackException rollback = new RollbackException("could not commit");
        rollback.initCause(new SQLException("duplicate key", "23505"));
        assertFalse(trouble.passing(new QuarkusTransactionException(rollback), 1));
        assertFalse(trouble.passing(new IllegalArgumentException("not an event"), 1));
    }

    @Test
    void anyFailureWhileTheDatabaseDoesNotAnswerPasses() {
        DatabaseTrouble away = new DatabaseTrouble(null) {
            @Override
            boolean unreachable() {
                return true;
            }
        };
        assertTrue(away.passing(new IllegalStateException("could not scope the connection to the tenant"), 1));
    }
}
