package dev.enclave.ai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.Persona;
import dev.enclave.testing.Workspace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A summary whose provider outlives the request's wait (enclave.ai.call-timeout): the request gets its 503 at the
 * deadline, the provider call in progress is stopped, no further attempt starts, and what was consumed is charged
 * (the answer's usage if it still came, else the prompt of the attempt that was cut off after it was sent).
 */
@QuarkusTest
@TestProfile(AiCallTimeoutTest.ShortWait.class)
class AiCallTimeoutTest {

    public static class ShortWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new OpenAiCompatibleProviderTest.OpenAiProvider().getConfigOverrides());
            config.put("enclave.ai.call-timeout", "1s");
            config.put("quarkus.fault-tolerance.\"dev.enclave.ai.OpenAiCompatibleProvider/summarize\".timeout.value", "10000");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenAiStub.class));
        }
    }

    static final String TITLE = "Late";
    static final String BODY = "An answer that comes after the request stopped waiting.";

    /** The answer still comes (usage 15), or the call is cut off after it was sent (its prompt): either is charged. */
    @Test
    void workThatOutlivesTheRequestIsCharged() {
        String document = document();
        OpenAiStub.reset(new OpenAiStub.Reply(200, OpenAiStub.summary("Too late.").body(), 2_000));
        long used = usage().getLong("aiTokens.used");

        summarizeTimesOut(document);

        // Settled by the work itself when it ends: nothing stays reserved, and what was consumed is charged.
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> usage().getLong("aiTokens.reserved") == 0 && usage().getLong("aiTokens.used") > used);
        long prompt = Tokens.chat(OpenAiCompatibleProvider.INSTRUCTIONS.formatted(3, 8), TITLE + "\n\n" + BODY);
        assertThat(usage().getLong("aiTokens.used") - used, anyOf(is(prompt), is(15L)));
        assertThat(OpenAiStub.CALLS.get(), is(1));
    }

    /** A slow 500 past the deadline is not retried into answers that the provider would bill and nobody would pay. */
    @Test
    void noAttemptStartsAfterTheDeadline() {
        String document = document();
        OpenAiStub.reset(new OpenAiStub.Reply(500, "{}", 1_500), OpenAiStub.summary("Too late."), OpenAiStub.summary("Too late."));

        summarizeTimesOut(document);

        // The work settles its reservation only when the provider call has ended, retries included (SummaryService.run):
        // the retry would have come 50 ms after the slow 500 (at about 1.5 s), so from here nothing can call again.
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> usage().getLong("aiTokens.reserved") == 0);
        assertThat(OpenAiStub.CALLS.get(), is(1));
    }

    private static String document() {
        return Workspace.documentId(Persona.ALICE, Workspace.createProject(Persona.ALICE), TITLE, BODY);
    }

    private static void summarizeTimesOut(String document) {
        given().header("Authorization", Persona.ALICE.bearer()).when().post("/api/v1/documents/" + document + "/summary")
                .then().statusCode(503).header("Retry-After", "5");
    }

    private static JsonPath usage() {
        return given().header("Authorization", Persona.ALICE.bearer()).when().get("/api/v1/usage")
                .then().statusCode(200).extract().jsonPath();
    }
}
