package dev.enclave.platform;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.Endpoint.Target;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.JacksonReflectionGuard;
import dev.enclave.testing.Persona;

/**
 * The native image can (de)serialize every application type that reaches Jackson at run time. The guard (a test-only
 * ObjectMapper customizer) records each type Jackson builds a (de)serializer for and refuses unregistered ones; here
 * the paths that hide a type from Quarkus' static analysis run once each: {@code Response.entity(...)} bodies,
 * problem documents (mapper and edge), the outbox's {@code valueToTree} of event payloads and the settings store's
 * {@code readValue}/{@code writeValueAsString}.
 */
@QuarkusTest
class NativeReflectionTest {

    @Inject
    JacksonReflectionGuard guard;

    @Test
    void everyTypeThatReachesJacksonIsRegisteredForReflection() {
        // Member, project and document created: Response.entity(...) bodies and the three events' payloads.
        Target acme = Fixtures.target(Persona.ACME);
        expect(200, Fixtures.as(Persona.ALICE).get("/api/v1/documents/" + acme.document()));
        expect(200, Fixtures.as(Persona.ALICE).get("/api/v1/projects/" + acme.project() + "/documents"));
        // Settings are stored as JSON text: written with writeValueAsString, read back with readValue.
        expect(200, Fixtures.as(Persona.ALICE).contentType("application/json").body(Fixtures.settingsBody()).put("/api/v1/settings"));
        expect(200, Fixtures.as(Persona.ALICE).get("/api/v1/settings"));
        expect(400, Fixtures.as(Persona.ALICE).contentType("application/json").body("{\"slug\":\"\",\"name\":\"\"}")
                .post("/api/v1/projects")); // a problem with field errors
        expect(401, Fixtures.anonymous().get("/api/v1/me"));
        expect(200, Fixtures.as(Persona.ALICE).get("/api/v1/usage"));
        expect(200, Fixtures.as(Persona.ALICE).get("/api/v1/activity"));
        expect(200, Fixtures.as(Persona.ROOT).get("/admin/v1/tenants/acme/limits"));
        expect(204, Fixtures.as(Persona.ALICE).delete("/api/v1/members/" + acme.member()));

        Set<String> seen = names(guard.seen());
        assertThat("types Jackson met, as the guard saw them", seen, hasItems(
                "dev.enclave.document.DocumentResponse",
                "dev.enclave.platform.Problem",
                "dev.enclave.platform.Problem$FieldError",
                "dev.enclave.settings.TenantSettings",
                "dev.enclave.events.ProjectSnapshot",
                "dev.enclave.events.DeletedMember"));
        assertThat("seen: " + seen, names(guard.unregistered()), empty());
    }

    private void expect(int status, Response response) {
        // On a 500 the guard's refusal is in the log; name it here too.
        assertEquals(status, response.statusCode(), () -> response.asString() + "\nnot registered: " + names(guard.unregistered()));
    }

    private static Set<String> names(Set<Class<?>> types) {
        return types.stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new));
    }
}
