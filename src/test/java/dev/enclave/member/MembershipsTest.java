package dev.enclave.member;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.enclave.testing.Database;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.tenancy.TenantId;

/**
 * The member's role is cached ({@link Memberships}), never at the price of isolation or of a stale role on the
 * instance that changed it: a demotion or removal applies to the very next request, a cached membership of one tenant
 * is never the answer for another, a lookup that raced with a change is not kept, and an entry ends after the TTL
 * (the bound for other instances).
 */
@QuarkusTest
class MembershipsTest {

    @Inject
    Memberships memberships;

    @Test
    void aRoleChangeAppliesToTheNextRequest() {
        String dave = Persona.DAVE.subject;
        try {
            project(Persona.DAVE, 201); // a member writes projects; their membership is now cached
            patchRole(dave, "viewer");
            project(Persona.DAVE, 403); // not the cached "member"
            patchRole(dave, "member");
            project(Persona.DAVE, 201);
        } finally {
            patchRole(dave, "member");
        }
    }

    @Test
    void aRemovedMemberIsRefusedAtTheNextRequest() {
        try {
            Fixtures.as(Persona.DAVE).get("/api/v1/projects").then().statusCode(200); // cached
            Fixtures.as(Persona.BOB).delete("/api/v1/members/" + Persona.DAVE.subject).then().statusCode(204);
            Fixtures.as(Persona.DAVE).get("/api/v1/projects").then().statusCode(403)
                    .body("detail", equalTo("you are not a member of this tenant"));
        } finally {
            Database.asTenant(Persona.GLOBEX,
                    "delete from members where lower(email) = 'dave@globex.test' or id = '" + Persona.DAVE.subject + "'",
                    "insert into members (tenant_id, id, subject, email, display_name, role) values ('globex', '"
                            + Persona.DAVE.subject + "', '" + Persona.DAVE.subject + "', 'dave@globex.test', 'Dave', 'member')");
        }
        Fixtures.as(Persona.DAVE).get("/api/v1/projects").then().statusCode(200); // not-a-member is never cached
    }

    @Test
    void oneTenantsMembershipIsNeverAnotherTenantsAnswer() {
        String subject = UUID.randomUUID().toString();
        TenantId acme = new TenantId(Persona.ACME);
        TenantId globex = new TenantId(Persona.GLOBEX);
        memberships.remember(acme, new CurrentMember.Membership(UUID.randomUUID(), subject, MemberRole.OWNER),
                memberships.generation(acme));

        assertTrue(memberships.cached(acme, subject).isPresent());
        assertTrue(memberships.cached(globex, subject).isEmpty(), "acme's owner served as globex's");
        memberships.forget(globex);
        assertTrue(memberships.cached(acme, subject).isPresent(), "a change in globex drops only globex's entries");
        memberships.forget(acme);
        assertTrue(memberships.cached(acme, subject).isEmpty());
    }

    @Test
    void aLookupThatRacedWithAChangeIsNotKept() {
        TenantId acme = new TenantId(Persona.ACME);
        String subject = UUID.randomUUID().toString();
        long before = memberships.generation(acme);
        memberships.forgetAfterCommit(acme); // a change ends while the lookup runs
        memberships.remember(acme, new CurrentMember.Membership(UUID.randomUUID(), subject, MemberRole.ADMIN), before);
        assertTrue(memberships.cached(acme, subject).isEmpty());
    }

    @Test
    void anEntryEndsAfterTheTtl() throws InterruptedException {
        TenantId acme = new TenantId(Persona.ACME);
        String subject = UUID.randomUUID().toString();
        memberships.remember(acme, new CurrentMember.Membership(UUID.randomUUID(), subject, MemberRole.MEMBER),
                memberships.generation(acme));
        assertTrue(memberships.cached(acme, subject).isPresent());
        Thread.sleep(Memberships.TTL.toMillis() + 200);
        assertTrue(memberships.cached(acme, subject).isEmpty(), "kept past the TTL: other instances' changes would not apply");
    }

    private static void project(Persona persona, int status) {
        String slug = "cache-" + Fixtures.suffix();
        Fixtures.as(persona).contentType("application/json").body("{\"slug\":\"" + slug + "\",\"name\":\"Cache\"}")
                .post("/api/v1/projects").then().statusCode(status);
    }

    private static void patchRole(String memberId, String role) {
        int status = Fixtures.as(Persona.BOB).contentType("application/json").body("{\"role\":\"" + role + "\"}")
                .patch("/api/v1/members/" + memberId).then().extract().statusCode();
        assertEquals(200, status);
    }
}
