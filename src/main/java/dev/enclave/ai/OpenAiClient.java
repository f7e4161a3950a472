package dev.enclave.ai;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The chat completions endpoint of an OpenAI-compatible API (OpenAI, Azure-style gateways, vLLM, Ollama, ...).
 * Base URL and HTTP timeouts: {@code quarkus.rest-client.openai.*}. Used only by {@link OpenAiCompatibleProvider}.
 */
@RegisterRestClient(configKey = "openai")
@Path("/v1/chat/completions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface OpenAiClient {

    @POST
    ChatResponse complete(@HeaderParam("Authorization") String authorization, ChatRequest request);

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ChatRequest(String model, List<Message> messages, @JsonProperty("max_tokens") int maxTokens, double temperature,
            @JsonProperty("response_format") ResponseFormat responseFormat) {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record Message(String role, String content) {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record ResponseFormat(String type) {
    }

    // Providers add fields over time; only what we read is declared.
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChatResponse(String model, List<Choice> choices, Usage usage) {
    }

    /** What the provider counted (and bills); any field may be missing. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record Usage(@JsonProperty("prompt_tokens") Long promptTokens, @JsonProperty("completion_tokens") Long completionTokens,
            @JsonProperty("total_tokens") Long totalTokens) {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(Message message) {
    }
}
