package dev.enclave.ai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The OpenAI-compatible provider against a local stub API: answers are read and metered like the built-in
 * provider's; timeouts and 5xx are retried, then answered 503 with Retry-After; refusals and unreadable answers
 * are 502 and not retried; a failed call charges nothing.
 */
@QuarkusTest
@TestProfile(OpenAiCompatibleProviderTest.OpenAiProvider.class)
class OpenAiCompatibleProviderTest {

    public static class OpenAiProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("enclave.ai.provider", "openai",
                    "enclave.ai.openai.api-key", "test-key",
                    "enclave.ai.openai.model", "stub-model",
                    "quarkus.fault-tolerance.\"dev.enclave.ai.OpenAiCompatibleProvider/summarize\".timeout.value", "1000",
                    "quarkus.fault-tolerance.\"dev.enclave.ai.OpenAiCompatibleProvider/summarize\".retry.delay", "50");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenAiStub.class));
        }
    }

    static final String TITLE = "Quarterly review";
    static final String BODY = "Revenue grew. Costs fell. The team shipped the new billing system on time.";

    String document;

    @BeforeEach
    void document() {
        OpenAiStub.reset();
        document = Workspace.documentId(Persona.ALICE, Workspace.createProject(Persona.ALICE), TITLE, BODY);
    }

    @Test
    void theProvidersAnswerIsReturnedAndMetered() {
        OpenAiStub.reset(OpenAiStub.summary("Revenue grew while costs fell.", "revenue", "billing"));
        long used = usage().getLong("aiTokens.used");
        JsonPath answer = summarize().then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("provider"), is("openai"));
        assertThat(answer.getString("model"), is("stub-model-1"));
        assertThat(answer.getString("summary"), is("Revenue grew while costs fell."));
        assertThat(answer.getList("keywords"), is(List.of("revenue", "billing")));
        long input = Tokens.count(TITLE + "\n\n" + BODY);
        long output = Tokens.count("Revenue grew while costs fell.") + Tokens.count("revenue") + Tokens.count("billing");
        assertThat(answer.getLong("tokens.input"), is(input));
        assertThat(answer.getLong("tokens.output"), is(output));
        assertThat(usage().getLong("aiTokens.used"), is(used + input + output));
        assertThat(OpenAiStub.lastAuthorization, is("Bearer test-key"));
        assertThat(OpenAiStub.lastBody, containsString("\"model\":\"stub-model\""));
        assertThat(OpenAiStub.lastBody, containsString("\"max_tokens\":200"));
        assertThat(OpenAiStub.lastBody, containsString("billing system on time"));
    }

    @Test
    void aServerErrorIsRetried() {
        OpenAiStub.reset(new OpenAiStub.Reply(500, "{}", 0), OpenAiStub.summary("Fine now."));
        summarize().then().statusCode(200).body("summary", equalTo("Fine now."));
        assertThat(OpenAiStub.CALLS.get(), is(2));
    }

    @Test
    void aProviderThatKeepsFailingIs503AndChargesNothing() {
        OpenAiStub.reset(new OpenAiStub.Reply(503, "{}", 0), new OpenAiStub.Reply(429, "{}", 0), new OpenAiStub.Reply(502, "{}", 0));
        JsonPath before = usage();
        summarize().then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("detail", equalTo("the AI provider is not available; nothing was charged, try again shortly"));
        assertThat(OpenAiStub.CALLS.get(), is(3)); // the call and two retries
        assertThat(usage().getLong("aiTokens.used"), is(before.getLong("aiTokens.used")));
        assertThat(usage().getLong("aiTokens.reserved"), is(0L));
    }

    @Test
    void aSlowProviderIsCutOffAndRetriedThen503() {
        OpenAiStub.Reply slow = new OpenAiStub.Reply(200, OpenAiStub.summary("Too late.").body(), 3000);
        OpenAiStub.reset(slow, slow, slow);
        long start = System.nanoTime();
        summarize().then().statusCode(503).header("Retry-After", "5");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(seconds, lessThan(8L)); // three attempts of 1 s each, not three of 3 s
        assertThat(OpenAiStub.CALLS.get(), is(3));
        assertThat(usage().getLong("aiTokens.reserved"), is(0L));
    }

    @Test
    void aRefusalIsNotRetriedAndIs502() {
        OpenAiStub.reset(new OpenAiStub.Reply(401, "{\"error\":{\"message\":\"bad key\"}}", 0));
        long used = usage().getLong("aiTokens.used");
        summarize().then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:enclave:problem:upstream-failed"))
                .body("detail", equalTo("the AI provider could not make a summary; nothing was charged"));
        assertThat(OpenAiStub.CALLS.get(), is(1));
        assertThat(usage().getLong("aiTokens.used"), is(used));
    }

    @Test
    void anAnswerThatIsNotTheJsonAskedForIs502() {
        OpenAiStub.reset(OpenAiStub.answer("Sorry, I cannot help with that."));
        summarize().then().statusCode(502).body("type", equalTo("urn:enclave:problem:upstream-failed"));
        assertThat(OpenAiStub.CALLS.get(), is(1));
    }

    @Test
    void anOverlongAnswerIsCutToWhatWasReserved() {
        OpenAiStub.reset(OpenAiStub.summary("word ".repeat(1000).strip(), "one", "two"));
        JsonPath answer = summarize().then().statusCode(200).extract().jsonPath();
        assertThat(answer.getLong("tokens.output"), lessThanOrEqualTo(200L));
        assertThat(answer.getLong("tokens.charged"), lessThanOrEqualTo(Tokens.count(TITLE + "\n\n" + BODY) + 200));
    }

    private Response summarize() {
        return given().header("Authorization", Persona.ALICE.bearer()).when().post("/api/v1/documents/" + document + "/summary");
    }

    private static JsonPath usage() {
        return given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/usage")
                .then().statusCode(200).extract().jsonPath();
    }
}
