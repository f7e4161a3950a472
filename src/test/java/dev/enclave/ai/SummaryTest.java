package dev.enclave.ai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Concurrently;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TenantLimitsFixture;
import dev.enclave.testing.Workspace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** AI assist with the built-in provider: summaries and keywords, metered against the tenant's monthly AI budget. */
@QuarkusTest
class SummaryTest {

    static final String TITLE = "Solar power for the depot";
    static final String BODY = """
            The depot roof can carry solar panels on its southern side. Solar panels would cover most of the depot's \
            daytime power. The battery room is small, so storage stays limited. Panels need cleaning twice a year. \
            The council approved solar panels for industrial roofs last spring. Parking is free for visitors.""";

    String document;

    @BeforeEach
    void document() {
        document = Workspace.documentId(Persona.ALICE, Workspace.createProject(Persona.ALICE), TITLE, BODY);
    }

    @AfterEach
    void restore() {
        TenantLimitsFixture.restore(Persona.ACME);
    }

    @Test
    void aSummaryIsExtractiveDeterministicAndCharged() {
        JsonPath before = usage();
        JsonPath first = summarize(Persona.ALICE, document).then().statusCode(200).extract().jsonPath();
        JsonPath second = summarize(Persona.ALICE, document).then().statusCode(200).extract().jsonPath();

        assertThat(second.getString("summary"), is(first.getString("summary")));
        assertThat(second.getList("keywords"), is(first.getList("keywords")));
        assertThat(first.getString("provider"), is("local"));
        assertThat(first.getList("keywords", String.class), hasItem("solar"));
        assertThat(first.getList("keywords", String.class).get(0), is("solar"));
        for (String sentence : first.getString("summary").split("(?<=\\.) ")) {
            assertThat("extractive: every sentence is the document's", BODY, containsString(sentence));
        }
        long input = first.getLong("tokens.input");
        long output = first.getLong("tokens.output");
        assertThat(input, is(Tokens.count(TITLE + "\n\n" + BODY)));
        assertThat(first.getLong("tokens.charged"), is(input + output));

        JsonPath after = usage();
        assertThat(after.getLong("aiTokens.used"), is(before.getLong("aiTokens.used") + 2 * (input + output)));
        assertThat(after.getLong("aiTokens.reserved"), is(0L));
    }

    @Test
    void overTheBudgetIs429AndChargesNothing() {
        long used = usage().getLong("aiTokens.used");
        long needed = Tokens.count(TITLE + "\n\n" + BODY) + 200; // reserved: input + the maximum output
        TenantLimitsFixture.set(Persona.ACME, Map.of("aiTokensPerMonth", used + needed - 1));
        summarize(Persona.ALICE, document).then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:ai-budget-exceeded"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertThat(usage().getLong("aiTokens.used"), is(used));
        TenantLimitsFixture.set(Persona.ACME, Map.of("aiTokensPerMonth", used + needed));
        summarize(Persona.ALICE, document).then().statusCode(200);
    }

    @Test
    void fiftyConcurrentSummariesCannotOverspend() {
        long used = usage().getLong("aiTokens.used");
        long reservation = Tokens.count(TITLE + "\n\n" + BODY) + 200;
        long budget = used + 5 * reservation; // five worst cases fit; what each really costs is less
        TenantLimitsFixture.set(Persona.ACME, Map.of("aiTokensPerMonth", budget));

        List<Response> answers = Concurrently.run(50, i -> summarize(Persona.ALICE, document));
        List<Response> ok = answers.stream().filter(r -> r.statusCode() == 200).toList();
        List<Response> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(ok.size() + refused.size(), is(50));
        assertThat(refused.stream().map(r -> r.path("type")).toList(), everyItem(equalTo("urn:enclave:problem:ai-budget-exceeded")));
        assertThat(ok.size(), greaterThanOrEqualTo(5));
        long charged = ok.stream().mapToLong(r -> ((Number) r.path("tokens.charged")).longValue()).sum();

        JsonPath after = usage();
        assertThat(after.getLong("aiTokens.used"), is(used + charged));
        assertThat(after.getLong("aiTokens.used"), lessThanOrEqualTo(budget));
        assertThat(after.getLong("aiTokens.reserved"), is(0L));
    }

    @Test
    void viewersCannotSpendTheBudget() {
        summarize(Persona.CAROL, document).then().statusCode(403);
    }

    @Test
    void anotherTenantsDocumentIs404() {
        summarize(Persona.BOB, document).then().statusCode(404).body("type", equalTo("urn:enclave:problem:not-found"));
        summarize(Persona.ALICE, "9a8b7c6d-0000-4000-8000-000000000000").then().statusCode(404);
    }

    @Test
    void theBudgetIsTheTenantsAlone() {
        TenantLimitsFixture.set(Persona.ACME, Map.of("aiTokensPerMonth", 0));
        summarize(Persona.ALICE, document).then().statusCode(429);
        String theirs = Workspace.documentId(Persona.BOB, Workspace.createProject(Persona.BOB), "Note", "Globex has its own budget.");
        summarize(Persona.BOB, theirs).then().statusCode(200).body("tokens.charged", greaterThan(0));
    }

    private static Response summarize(Persona persona, String id) {
        return given().header("Authorization", persona.bearer()).when().post("/api/v1/documents/" + id + "/summary");
    }

    private static JsonPath usage() {
        return given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/usage")
                .then().statusCode(200).extract().jsonPath();
    }
}
