package dev.enclave.platform;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.persistence.OptimisticLockException;

import org.hibernate.StaleStateException;

/**
 * Classifies database failures that reach the edge (often wrapped by the transaction manager) into problems a
 * client can act on. Messages are ours: SQL and constraint names never reach a client.
 */
final class PersistenceFailures {

    private PersistenceFailures() {
    }

    /** Seconds a client waits before retrying the 503 of this failure: the move's cut-over is short. */
    static String retryAfter(Throwable failure) {
        return TenantMoving.refused(failure) ? "1" : "5";
    }

    static Optional<Problem> classify(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return Optional.of(Problem.of(ProblemType.PRECONDITION_FAILED, "the resource was changed by someone else; reload it and retry"));
            }
            if (unavailable(t)) {
                return Optional.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE, "the database cannot be reached; try again shortly"));
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                switch (sql.getSQLState()) {
                    case TenantMoving.SQL_STATE:
                        return Optional.of(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                                "the tenant's data is being moved to another database; try again in a moment"));
                    case "23505":
                        return Optional.of(Problem.of(ProblemType.CONFLICT, "this conflicts with an existing resource"));
                    case "23503":
                        return Optional.of(Problem.of(ProblemType.CONFLICT, "this refers to a resource that does not exist or is still in use"));
                    case "23514":
                    case "22001":
                        return Optional.of(Problem.of(ProblemType.VALIDATION_FAILED, "a value is out of the allowed range or too long"));
                    case "22021": // PostgreSQL text cannot hold the NUL character, which JSON can carry
                    case "22P05":
                        return Optional.of(Problem.of(ProblemType.VALIDATION_FAILED, "a text value contains a character that cannot be stored (such as NUL)"));
                    default:
                        break;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The database is away or full, not the request at fault: connection failures (class 08), shutdown or
     * start-up (57P01-57P03), too many connections (53300), or the pool's acquisition timeout (no SQL state).
     */
    private static boolean unavailable(Throwable t) {
        if (t instanceof org.hibernate.exception.JDBCConnectionException) {
            return true;
        }
        if (!(t instanceof SQLException sql)) {
            return false;
        }
        String state = sql.getSQLState();
        if (state == null) {
            return String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout");
        }
        return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
    }
}
