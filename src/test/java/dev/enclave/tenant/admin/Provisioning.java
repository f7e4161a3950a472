package dev.enclave.tenant.admin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.enclave.testing.LocalStack;
import dev.enclave.testing.Persona;

/** Test helpers: provision requests as root, and the password grant of a provisioned owner. */
final class Provisioning {

    static final String TENANTS = "/admin/v1/tenants";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Provisioning() {
    }

    static String randomId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> body(String id, String username, String placement) {
        return Map.of("id", id, "name", "Tenant " + id, "plan", "free", "homeRegion", "local", "searchPlacement", placement,
                "owner", Map.of("username", username, "email", username + "@" + id + ".test"));
    }

    static Response post(Object body, String idempotencyKey) {
        var request = given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post(TENANTS);
    }

    static Response get(String id) {
        return given().header("Authorization", Persona.ROOT.bearer()).when().get(TENANTS + "/" + id);
    }

    static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> status.equals(get(id).path("status")));
    }

    static Response suspend(String id, String reason) {
        return given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON)
                .body(Map.of("reason", reason)).when().post(TENANTS + "/" + id + "/suspend");
    }

    static Response resume(String id) {
        return given().header("Authorization", Persona.ROOT.bearer()).when().post(TENANTS + "/" + id + "/resume");
    }

    /** Keycloak's answer to a password grant (password = username, as the test profile provisions owners). */
    static HttpResponse<String> passwordGrant(String username) {
        String form = "grant_type=password&client_id=enclave-cli&username=" + enc(username) + "&password=" + enc(username);
        HttpRequest request = HttpRequest.newBuilder(URI.create(LocalStack.Component.KEYCLOAK.url()
                + "/realms/enclave/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String accessToken(String username) {
        HttpResponse<String> response = passwordGrant(username);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token for " + username + ": " + response.statusCode() + " " + response.body());
        }
        return io.restassured.path.json.JsonPath.from(response.body()).getString("access_token");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
