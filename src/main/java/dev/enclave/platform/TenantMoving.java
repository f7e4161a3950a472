package dev.enclave.platform;

import java.sql.SQLException;

/**
 * The write guard's refusal of a write of a tenant being moved to another database (V65, dev.enclave.placement.move):
 * SQLSTATE {@value #SQL_STATE}, recognised here for the edge (503), the consumers (retry) and the write services
 * (run again in the new database).
 */
public final class TenantMoving {

    public static final String SQL_STATE = "EN503";

    private TenantMoving() {
    }

    /** Whether the failure, or any of its causes, is the write guard's refusal. */
    public static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
