package dev.enclave.isolation;

import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/** Ownership is given and taken only by owners, and a tenant always keeps one. */
@QuarkusTest
class OwnershipTest {

    private static final String LAST_OWNER = "the last owner of a tenant cannot be removed or demoted";
    private static final String OWNERS_ONLY = "only an owner can grant or remove ownership";

    @ParameterizedTest
    @EnumSource(value = Persona.class, names = { "ALICE", "BOB" })
    void theLastOwnerCannotBeDemotedOrRemoved(Persona owner) {
        String self = "/api/v1/members/" + owner.subject;
        int version = Fixtures.as(owner).get(self).then().statusCode(200).extract().path("version");
        Fixtures.as(owner).contentType("application/json").body("{\"role\":\"admin\"}").patch(self)
                .then().statusCode(409).contentType("application/problem+json").body("detail", equalTo(LAST_OWNER));
        Fixtures.as(owner).delete(self)
                .then().statusCode(409).contentType("application/problem+json").body("detail", equalTo(LAST_OWNER));
        Fixtures.as(owner).get(self).then().statusCode(200).body("role", equalTo("owner")).body("version", equalTo(version));
    }

    @Test
    void withASecondOwnerOneCanBeDemoted() {
        String second = invite(Persona.ALICE, "owner");
        Fixtures.as(Persona.ALICE).contentType("application/json").body("{\"role\":\"member\"}")
                .patch("/api/v1/members/" + second).then().statusCode(200).body("role", equalTo("member"));
        Fixtures.as(Persona.ALICE).delete("/api/v1/members/" + second).then().statusCode(204);
    }

    @Test
    void anAdminManagesMembersButNeverOwnership() {
        String carol = "/api/v1/members/" + Persona.CAROL.subject;
        String alice = "/api/v1/members/" + Persona.ALICE.subject;
        String member = invite(Persona.ALICE, "member");
        try {
            Fixtures.as(Persona.ALICE).contentType("application/json").body("{\"role\":\"admin\"}").patch(carol)
                    .then().statusCode(200).body("role", equalTo("admin"));

            Fixtures.as(Persona.CAROL).contentType("application/json")
                    .body("{\"email\":\"would-be-owner-" + Fixtures.suffix() + "@acme.test\",\"role\":\"owner\"}")
                    .post("/api/v1/members").then().statusCode(403).body("detail", equalTo(OWNERS_ONLY));
            Fixtures.as(Persona.CAROL).contentType("application/json").body("{\"role\":\"owner\"}")
                    .patch("/api/v1/members/" + member).then().statusCode(403).body("detail", equalTo(OWNERS_ONLY));
            Fixtures.as(Persona.CAROL).contentType("application/json").body("{\"role\":\"owner\"}").patch(carol)
                    .then().statusCode(403).body("detail", equalTo(OWNERS_ONLY));
            Fixtures.as(Persona.CAROL).contentType("application/json").body("{\"role\":\"member\"}").patch(alice)
                    .then().statusCode(403).body("detail", equalTo(OWNERS_ONLY));
            Fixtures.as(Persona.CAROL).delete(alice).then().statusCode(403).body("detail", equalTo(OWNERS_ONLY));
            Fixtures.as(Persona.ALICE).get(alice).then().statusCode(200).body("role", equalTo("owner"));
            Fixtures.as(Persona.ALICE).get("/api/v1/members/" + member).then().body("role", equalTo("member"));

            // What an admin may do: manage non-owners.
            Fixtures.as(Persona.CAROL).contentType("application/json").body("{\"role\":\"viewer\"}")
                    .patch("/api/v1/members/" + member).then().statusCode(200).body("role", equalTo("viewer"));
            Fixtures.as(Persona.CAROL).delete("/api/v1/members/" + member).then().statusCode(204);
        } finally {
            Fixtures.as(Persona.ALICE).contentType("application/json").body("{\"role\":\"viewer\"}").patch(carol)
                    .then().statusCode(200).body("role", equalTo("viewer"));
        }
    }

    private static String invite(Persona owner, String role) {
        return Fixtures.as(owner).contentType("application/json")
                .body("{\"email\":\"" + role + "-" + Fixtures.suffix() + "@" + owner.tenant + ".test\",\"role\":\"" + role + "\"}")
                .post("/api/v1/members").then().statusCode(201).extract().path("id");
    }
}
