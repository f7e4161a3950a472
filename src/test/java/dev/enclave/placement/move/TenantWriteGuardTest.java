package dev.enclave.placement.move;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.enclave.testing.Database;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;
import dev.enclave.testing.Workspace;

/**
 * The move's write guard (V65) on every tenant table: a tenant table without it would let a write slip past a move
 * (lost in the target); while a move captures, written keys are recorded; once fenced, the tenant's writes are
 * refused and the API answers 503 problem+json with Retry-After.
 */
@QuarkusTest
class TenantWriteGuardTest {

    @Test
    void everyTenantTableHasTheGuardWithItsPrimaryKey() throws SQLException {
        List<String> problems = new ArrayList<>();
        int tables;
        try (Connection owner = TestDatabase.asOwner()) {
            List<TenantTable> tenantTables = TenantTable.read(owner);
            tables = tenantTables.size();
            for (TenantTable table : tenantTables) {
                try (PreparedStatement query = owner.prepareStatement("""
                        select t.tgtype, p.proname, encode(t.tgargs, 'escape') from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                         where t.tgrelid = ?::regclass and not t.tgisinternal and p.proname = 'tenant_write_guard'""")) {
                    query.setString(1, table.name());
                    try (ResultSet row = query.executeQuery()) {
                        if (!row.next()) {
                            problems.add(table.name() + ": no tenant_write_guard trigger");
                            continue;
                        }
                        int type = row.getInt(1);
                        // row (1), before (2), insert (4), delete (8), update (16)
                        if ((type & (1 | 2 | 4 | 8 | 16)) != (1 | 2 | 4 | 8 | 16)) {
                            problems.add(table.name() + ": the guard is not a BEFORE INSERT OR UPDATE OR DELETE row trigger");
                        }
                        String args = row.getString(3).replace("\\000", ",");
                        String key = String.join(",", table.key()) + ",";
                        if (!args.equals(key)) {
                            problems.add(table.name() + ": the guard's key " + args + " is not the primary key " + key);
                        }
                    }
                }
            }
        }
        assertTrue(tables >= 12, "tenant tables found: " + tables);
        assertEquals(List.of(), problems);
    }

    @Test
    void capturesKeysThenRefusesWritesOnceFenced() throws SQLException {
        String project = Workspace.createProject(Persona.BOB);
        try {
            Database.update("insert into tenant_moves (tenant, state) values ('globex', 'capturing')");
            String document = Workspace.documentId(Persona.BOB, project, "captured", "body");
            assertTrue(MoveDatabases.count(false, "globex", "select count(*) from tenant_changes where tenant = 'globex' "
                    + "and table_name = 'documents' and row_key = jsonb_build_object('tenant_id', 'globex', 'id', ?)", document) == 1,
                    "the written document's key was recorded");

            Database.update("update tenant_moves set state = 'fenced' where tenant = 'globex'");
            given().header("Authorization", Persona.BOB.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("title", "refused", "body", "x")).post("/api/v1/projects/" + project + "/documents")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1");
            given().header("Authorization", Persona.BOB.bearer()).get("/api/v1/projects/" + project).then().statusCode(200);
            assertEquals(0, MoveDatabases.count(false, "globex", "select count(*) from documents where title = 'refused'"));
            // acme, not moving, writes as usual
            Workspace.createProject(Persona.ALICE);
        } finally {
            Database.update("delete from tenant_moves where tenant = 'globex'");
            Database.update("delete from tenant_changes where tenant = 'globex'");
        }
        Workspace.documentId(Persona.BOB, project, "after", "body");
    }
}
