package dev.enclave.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Password-grant tokens from the local Keycloak, cached until shortly before they expire. */
final class Tokens {

    static final String TOKEN_ENDPOINT = LocalStack.Component.KEYCLOAK.url() + "/realms/enclave/protocol/openid-connect/token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, Instant expires) {
    }

    private Tokens() {
    }

    static String accessToken(String username) {
        Cached cached = CACHE.get(username);
        if (cached != null && Instant.now().isBefore(cached.expires())) {
            return cached.token();
        }
        Cached fresh = fetch(username);
        CACHE.put(username, fresh);
        return fresh.token();
    }

    /** A new token, never handed out before (so no server has seen it). */
    static String newAccessToken(String username) {
        return fetch(username).token();
    }

    private static Cached fetch(String username) {
        String form = "grant_type=password&client_id=enclave-cli&username=" + enc(username) + "&password=" + enc(username);
        HttpRequest request = HttpRequest.newBuilder(URI.create(TOKEN_ENDPOINT))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + username + ": " + response.statusCode() + " " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            long lifetime = body.path("expires_in").asLong(60);
            return new Cached(body.path("access_token").asText(), Instant.now().plusSeconds(Math.max(5, lifetime - 30)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak at " + TOKEN_ENDPOINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
