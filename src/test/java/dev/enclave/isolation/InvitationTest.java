package dev.enclave.isolation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.Database;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/**
 * Invite-only membership. The realm's users are all seeded as bound members, so each test first removes one
 * seeded member row (through the API, as the owner) and puts it back exactly as seeded afterwards (SQL).
 */
@QuarkusTest
class InvitationTest {

    @Test
    void anInvitationIsBoundByTheFirstRequestOfThatTenantsTokenWithTheEmail() {
        try {
            Fixtures.as(Persona.ALICE).delete("/api/v1/members/" + Persona.CAROL.subject).then().statusCode(204);
            Fixtures.as(Persona.CAROL).get("/api/v1/projects").then().statusCode(403)
                    .body("detail", equalTo("you are not a member of this tenant"));

            String invited = Fixtures.as(Persona.ALICE).contentType("application/json")
                    .body("{\"email\":\"Carol@Acme.test\",\"displayName\":\"Carol again\",\"role\":\"viewer\"}")
                    .post("/api/v1/members").then().statusCode(201).body("joined", equalTo(false)).extract().path("id");
            Fixtures.as(Persona.ALICE).get("/api/v1/members/" + invited).then().statusCode(200).body("joined", equalTo(false));

            Fixtures.as(Persona.CAROL).get("/api/v1/projects").then().statusCode(200);

            Fixtures.as(Persona.ALICE).get("/api/v1/members/" + invited).then().statusCode(200)
                    .body("joined", equalTo(true)).body("role", equalTo("viewer"));
            Fixtures.as(Persona.CAROL).contentType("application/json").body("{\"slug\":\"no\",\"name\":\"No\"}")
                    .post("/api/v1/projects").then().statusCode(403);
        } finally {
            restoreSeededMember(Persona.ACME, Persona.CAROL, "carol@acme.test", "Carol", "viewer");
        }
    }

    @Test
    void anotherTenantsTokenNeverBindsAnInvitation() {
        String invited = null;
        try {
            // DAVE is then a globex token without a globex member row: the case where binding is attempted.
            Fixtures.as(Persona.BOB).delete("/api/v1/members/" + Persona.DAVE.subject).then().statusCode(204);
            invited = Fixtures.as(Persona.ALICE).contentType("application/json")
                    .body("{\"email\":\"dave@globex.test\",\"role\":\"member\"}")
                    .post("/api/v1/members").then().statusCode(201).body("joined", equalTo(false)).extract().path("id");

            Fixtures.as(Persona.DAVE).get("/api/v1/projects").then().statusCode(403)
                    .body("detail", equalTo("you are not a member of this tenant"));
            Fixtures.as(Persona.DAVE).get("/api/v1/members/" + invited).then().statusCode(403);
            Fixtures.as(Persona.DAVE).get("/api/v1/me").then().statusCode(200).body("tenant", equalTo(Persona.GLOBEX));

            Fixtures.as(Persona.ALICE).get("/api/v1/members/" + invited).then().statusCode(200)
                    .body("joined", equalTo(false)).body("email", equalTo("dave@globex.test"));
        } finally {
            restoreSeededMember(Persona.GLOBEX, Persona.DAVE, "dave@globex.test", "Dave", "member");
            if (invited != null) {
                Fixtures.as(Persona.ALICE).delete("/api/v1/members/" + invited).then().statusCode(204);
            }
        }
        Fixtures.as(Persona.DAVE).get("/api/v1/projects").then().statusCode(200);
    }

    /** Puts a seeded member back as R__dev_tenants.sql wrote it (same id and subject). */
    private static void restoreSeededMember(String tenant, Persona persona, String email, String name, String role) {
        Database.asTenant(tenant,
                "delete from members where lower(email) = '" + email + "' or id = '" + persona.subject + "'",
                "insert into members (tenant_id, id, subject, email, display_name, role) values ('" + tenant + "', '"
                        + persona.subject + "', '" + persona.subject + "', '" + email + "', '" + name + "', '" + role + "')");
        assertEquals(persona.subject, Fixtures.as(Fixtures.ownerOf(tenant)).get("/api/v1/members/" + persona.subject)
                .then().statusCode(200).extract().path("id"));
    }
}
