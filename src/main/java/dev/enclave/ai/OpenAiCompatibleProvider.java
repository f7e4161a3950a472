package dev.enclave.ai;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Summaries from an OpenAI-compatible chat completions API. Each attempt is cut off after 10 s; timeouts,
 * connection failures, 429 and 5xx answers are retried twice (250 ms apart, jittered); 4xx answers and
 * answers that are not the JSON we asked for are not. Both limits are configurable (see {@link AiConfig}). No
 * attempt starts after the call's deadline ({@link ProviderCall}); attempts cut off after they were sent are counted.
 */
@ApplicationScoped
class OpenAiCompatibleProvider implements SummaryProvider {

    static final String NAME = "openai";
    static final String INSTRUCTIONS = """
            Summarise the user's document in at most %d sentences and give up to %d keywords. \
            Answer with JSON only: {"summary": "...", "keywords": ["..."]}""";

    private final OpenAiClient client;
    private final AiConfig config;
    private final ObjectMapper json;

    OpenAiCompatibleProvider(@RestClient OpenAiClient client, AiConfig config, ObjectMapper json) {
        this.client = client;
        this.config = config;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The system message and the document, framed as a chat: all of it is charged. */
    @Override
    public long promptTokens(String text) {
        return Tokens.chat(instructions(), text);
    }

    private String instructions() {
        return INSTRUCTIONS.formatted(config.summarySentences(), config.keywords());
    }

    @Override
    @Timeout(10_000) // ms, so that a configured value (timeout.value) is in ms too
    @Retry(maxRetries = 2, delay = 250, jitter = 100, retryOn = { ProviderException.Unavailable.class, TimeoutException.class },
            abortOn = ProviderException.Abandoned.class)
    public Summary summarize(String text, int maxOutputTokens, ProviderCall call) {
        call.attempt(); // none after the deadline: an attempt nobody waits for would still be billed
        var request = new OpenAiClient.ChatRequest(config.openai().model(),
                List.of(new OpenAiClient.Message("system", instructions()),
                        new OpenAiClient.Message("user", text)),
                maxOutputTokens, 0, new OpenAiClient.ResponseFormat("json_object"));
        OpenAiClient.ChatResponse response;
        try {
            response = client.complete(config.openai().apiKey().map(key -> "Bearer " + key).orElse(null), request);
            call.answered();
        } catch (WebApplicationException e) {
            call.answered();
            int status = e.getResponse().getStatus();
            if (status == 429 || status >= 500) {
                throw new ProviderException.Unavailable("the AI provider answered " + status, e);
            }
            throw new ProviderException.Refused("the AI provider refused the request (" + status + ")", e);
        } catch (ProcessingException e) {
            if (e.getCause() instanceof java.net.ConnectException) {
                call.answered(); // never sent: nothing to charge
            }
            throw new ProviderException.Unavailable("the AI provider cannot be reached", e);
        }
        return read(response);
    }

    private Summary read(OpenAiClient.ChatResponse response) {
        if (response == null || response.choices() == null || response.choices().isEmpty()
                || response.choices().get(0).message() == null || response.choices().get(0).message().content() == null) {
            throw new ProviderException.Refused("the AI provider's answer has no content", null);
        }
        try {
            JsonNode answer = json.readTree(response.choices().get(0).message().content());
            if (!answer.path("summary").isTextual()) {
                throw new ProviderException.Refused("the AI provider's answer has no summary", null);
            }
            List<String> keywords = new ArrayList<>();
            answer.path("keywords").forEach(k -> {
                if (k.isTextual() && !k.asText().isBlank() && keywords.size() < config.keywords()) {
                    keywords.add(k.asText().strip());
                }
            });
            return new Summary(answer.get("summary").asText().strip(), List.copyOf(keywords),
                    response.model() == null ? config.openai().model() : response.model(), usage(response.usage()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProviderException.Refused("the AI provider's answer is not the JSON asked for", e);
        }
    }

    /** The provider's count, when it gives one (null when it gives none). */
    private static Summary.Usage usage(OpenAiClient.Usage usage) {
        if (usage == null || (usage.promptTokens() == null && usage.completionTokens() == null && usage.totalTokens() == null)) {
            return null;
        }
        return new Summary.Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }
}
