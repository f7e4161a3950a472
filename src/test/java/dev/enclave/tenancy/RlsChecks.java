package dev.enclave.tenancy;

import static dev.enclave.testing.TestDatabase.count;
import static dev.enclave.testing.TestDatabase.setTenant;
import static dev.enclave.testing.TestDatabase.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The isolation checks, on a connection that is (or has SET ROLE to) the application role. Shared by the tests
 * on the real schema and by the tests that tamper with it, so both prove the same thing. The tenant is set for
 * the transaction when one is open, else for the session, as the pool does.
 */
final class RlsChecks {

    private RlsChecks() {
    }

    /** With app.tenant_id empty, the table shows no rows at all. */
    static void nothingWithoutTenant(Connection app, String table) throws SQLException {
        setTenant(app, "", !app.getAutoCommit());
        assertEquals(0, count(app, "select count(*) from " + table), table + ": rows visible without a tenant");
    }

    /** As {@code tenant}, the table shows that tenant's rows and no other's (and it has some). */
    static void onlyOwnRows(Connection app, String table, String tenant) throws SQLException {
        setTenant(app, tenant, !app.getAutoCommit());
        assertEquals(List.of(tenant), strings(app, "select distinct tenant_id from " + table), table + " as " + tenant);
    }
}
