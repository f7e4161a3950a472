package dev.enclave.ai;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * AI assist (enclave.ai.*). The OpenAI-compatible provider's endpoint and HTTP timeouts are the REST client's
 * ({@code quarkus.rest-client.openai.*}); its per-attempt timeout and retries are SmallRye Fault Tolerance's
 * ({@code quarkus.fault-tolerance."dev.enclave.ai.OpenAiCompatibleProvider/summarize".timeout.value},
 * {@code ...retry.max-retries}).
 */
@ConfigMapping(prefix = "enclave.ai")
public interface AiConfig {

    /** {@code local}: built in, extractive, deterministic, no network. {@code openai}: an OpenAI-compatible HTTP API. */
    @WithDefault("local")
    Provider provider();

    /** A document is cut to this many tokens before it is summarised: what one call may cost is bounded. */
    @WithDefault("4000")
    int maxInputTokens();

    /** Output tokens (summary + keywords) one call may produce; reserved in full before the call. */
    @WithDefault("200")
    int maxOutputTokens();

    @WithDefault("3")
    int summarySentences();

    @WithDefault("8")
    int keywords();

    /** How long a request waits for its turn in the background work queue and the provider's answer together. */
    @WithDefault("30s")
    Duration callTimeout();

    OpenAi openai();

    interface OpenAi {
        @WithDefault("gpt-4o-mini")
        String model();

        /** Sent as a bearer token when set (a secret: pass it as ENCLAVE_AI_OPENAI_API_KEY). */
        Optional<String> apiKey();
    }

    enum Provider {
        LOCAL,
        OPENAI
    }
}
