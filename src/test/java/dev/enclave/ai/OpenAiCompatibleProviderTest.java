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
 * are 502 and not retried; a call that failed charges nothing but the attempts cut off after they were sent (the
 * provider may bill those: AiCallTimeoutTest).
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
        // the stub reports usage 10 + 5 = 15: the provider's count is what is charged
        assertThat(answer.getLong("tokens.input"), is(10L));
        assertThat(answer.getLong("tokens.output"), is(5L));
        assertThat(answer.getLong("tokens.charged"), is(15L));
        assertThat(usage().getLong("aiTokens.used"), is(used + 15));
        assertThat(OpenAiStub.lastAuthorization, is("Bearer test-key"));
        assertThat(OpenAiStub.lastBody, containsString("\"model\":\"stub-model\""));
        assertThat(OpenAiStub.lastBody, containsString("\"max_tokens\":200"));
        assertThat(OpenAiStub.lastBody, containsString("billing system on time"));
    }

    /** More than our count and more than was reserved: what the provider bills is what the tenant is charged. */
    @Test
    void theUsageTheProviderReportsIsCharged() {
        OpenAiStub.reset(OpenAiStub.answer("{\"summary\": \"短い要約。\", \"keywords\": [\"要約\"]}",
                "{\"prompt_tokens\":2900,\"completion_tokens\":120,\"total_tokens\":3020}"));
        long used = usage().getLong("aiTokens.used");
        JsonPath answer = summarize().then().statusCode(200).extract().jsonPath();
        assertThat(answer.getLong("tokens.input"), is(2900L));
        assertThat(answer.getLong("tokens.output"), is(120L));
        assertThat(answer.getLong("tokens.charged"), is(3020L));
        assertThat(usage().getLong("aiTokens.used"), is(used + 3020));
        assertThat(usage().getLong("aiTokens.reserved"), is(0L));
    }

    /**
     * A provider that reports no usage: the whole prompt (system message included) and the output are estimated,
     * CJK at one token per character (16,000 characters used to count as about 4,000).
     */
    @Test
    void withoutReportedUsageTheWholePromptIsChargedAndCjkCountsPerCharacter() {
        String body = "多租户系统必须隔离每个租户的数据和费用".repeat(100); // 1,900 Han characters, no spaces
        String cjk = Workspace.documentId(Persona.ALICE, Workspace.createProject(Persona.ALICE), "租户报告", body);
        OpenAiStub.reset(OpenAiStub.answer("{\"summary\": \"租户数据隔离。\", \"keywords\": [\"租户\"]}", null));
        long used = usage().getLong("aiTokens.used");
        JsonPath answer = given().header("Authorization", Persona.ALICE.bearer()).when()
                .post("/api/v1/documents/" + cjk + "/summary").then().statusCode(200).extract().jsonPath();
        String system = OpenAiCompatibleProvider.INSTRUCTIONS.formatted(3, 8);
        long framing = 2 * 4 + 3; // two messages and the reply's priming (Tokens.PER_MESSAGE, REPLY_PRIMING)
        long prompt = 4 + 1_900 + Tokens.count(system) + framing;
        long output = 7 + 2; // "租户数据隔离。": six characters and a full stop; "租户": two
        assertThat(answer.getLong("tokens.input"), is(prompt));
        assertThat(answer.getLong("tokens.output"), is(output));
        assertThat(answer.getLong("tokens.charged"), is(prompt + output));
        assertThat(usage().getLong("aiTokens.used"), is(used + prompt + output));
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
