package dev.enclave.portability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.testing.LocalStack;

/** How many live search documents a tenant has in the shared index, asked of OpenSearch itself. */
final class SearchCount {

    private SearchCount() {
    }

    static long of(String tenant) throws Exception {
        String prefix = ConfigProvider.getConfig().getValue("enclave.search.index-prefix", String.class);
        String body = "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"tenant_id\":\"" + tenant + "\"}}],"
                + "\"must_not\":[{\"term\":{\"deleted\":true}}]}}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(LocalStack.Component.OPENSEARCH.url() + "/" + prefix + "-shared/_count"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body()).path("count").asLong(-1);
    }
}
