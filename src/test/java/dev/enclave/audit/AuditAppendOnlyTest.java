package dev.enclave.audit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The audit log is append-only for every role: the application role may not even try to change it (no privilege),
 * and the owner, who holds every privilege on it, is stopped by the triggers (TRUNCATE included). Each attempt runs
 * in a transaction that is rolled back, so a failing check cannot empty the log.
 */
@QuarkusTest
class AuditAppendOnlyTest {

    @ParameterizedTest
    @ValueSource(strings = { "truncate audit_log", "delete from audit_log", "update audit_log set reason = 'rewritten'" })
    void theOwnerCannotRemoveOrRewriteRecords(String statement) throws SQLException {
        try (Connection owner = TestDatabase.asOwner()) {
            owner.setAutoCommit(false);
            try {
                SQLException refused = assertThrows(SQLException.class, () -> TestDatabase.execute(owner, statement),
                        "the owner ran: " + statement);
                assertThat(refused.getMessage(), containsString("audit_log is append-only"));
            } finally {
                owner.rollback();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "truncate audit_log", "delete from audit_log", "update audit_log set reason = 'rewritten'" })
    void theApplicationRoleHasNoPrivilegeToTry(String statement) throws SQLException {
        try (Connection app = TestDatabase.asApp()) {
            app.setAutoCommit(false);
            try {
                SQLException refused = assertThrows(SQLException.class, () -> TestDatabase.execute(app, statement));
                assertThat(refused.getMessage(), containsString("permission denied"));
            } finally {
                app.rollback();
            }
        }
    }
}
