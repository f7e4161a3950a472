package dev.enclave.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;

/**
 * Text is data: SQL- and HTML-looking strings, emoji, right-to-left overrides and template syntax are stored and
 * returned exactly as sent (201, then a GET returns the same characters), in every free-text field.
 */
@QuarkusTest
class VerbatimTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> texts() {
        return Stream.of(
                "'); drop table documents; --",
                "<script>alert(1)</script>",
                "😀 👩🏽‍💻 🇫🇷 emoji",
                "Ünïcödé 日本語 עברית \u202Eevil\u202C",
                "quotes \" ' ` and \\ backslash, a\nnewline and a\ttab",
                "{{7*7}} ${7*7} %s %n %x",
                "Robert'); DELETE FROM members WHERE ('1'='1");
    }

    @ParameterizedTest
    @MethodSource("texts")
    void documentTextIsStoredVerbatim(String text) throws Exception {
        UUID project = Fixtures.createProject(Persona.ALICE, "verbatim-" + Fixtures.suffix(), "Verbatim");
        Response created = Fixtures.as(Persona.ALICE).contentType("application/json")
                .body(JSON.writeValueAsString(Map.of("title", text.replace("\n", " ").replace("\t", " "), "body", text)))
                .post("/api/v1/projects/" + project + "/documents");
        assertEquals(201, created.statusCode(), created::asString);
        Response read = Fixtures.as(Persona.ALICE).get("/api/v1/documents/" + created.path("id"));
        assertEquals(text, read.path("body"));
        assertEquals(text.replace("\n", " ").replace("\t", " "), read.path("title"));
        assertEquals(created.jsonPath().getMap("$"), read.jsonPath().getMap("$"), "the write's response is what a read returns");
        assertEquals(text.replace("\n", " ").replace("\t", " "), Fixtures.as(Persona.ALICE)
                .get("/api/v1/projects/" + project + "/documents").path("items[0].title"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void projectTextIsStoredVerbatim(String text) throws Exception {
        String name = text.replace("\n", " ").replace("\t", " ");
        Response created = Fixtures.as(Persona.BOB).contentType("application/json")
                .body(JSON.writeValueAsString(Map.of("slug", "verbatim-" + Fixtures.suffix(), "name", name, "description", text)))
                .post("/api/v1/projects");
        assertEquals(201, created.statusCode(), created::asString);
        Response read = Fixtures.as(Persona.BOB).get("/api/v1/projects/" + created.path("id"));
        assertEquals(name, read.path("name"));
        assertEquals(text, read.path("description"));
        assertEquals(created.jsonPath().getMap("$"), read.jsonPath().getMap("$"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void memberAndSettingsNamesAreStoredVerbatim(String text) throws Exception {
        String name = text.replace("\n", " ").replace("\t", " ");
        Response member = Fixtures.as(Persona.ALICE).contentType("application/json")
                .body(JSON.writeValueAsString(Map.of("email", "verbatim-" + Fixtures.suffix() + "@acme.test", "displayName", name,
                        "role", "viewer")))
                .post("/api/v1/members");
        assertEquals(201, member.statusCode(), member::asString);
        assertEquals(name, Fixtures.as(Persona.ALICE).get("/api/v1/members/" + member.path("id")).path("displayName"));

        String settings = Fixtures.settingsBody().replaceFirst("\"displayName\":\"[^\"]*\"",
                java.util.regex.Matcher.quoteReplacement("\"displayName\":" + JSON.writeValueAsString(name)));
        Fixtures.as(Persona.BOB).contentType("application/json").body(settings).put("/api/v1/settings").then().statusCode(200);
        assertEquals(name, Fixtures.as(Persona.BOB).get("/api/v1/settings").path("displayName"));
    }
}
