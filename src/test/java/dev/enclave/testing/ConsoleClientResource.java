package dev.enclave.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes sure the running Keycloak knows the console's client ({@code enclave-console}), exactly as the realm file
 * defines it. Keycloak imports the realm file only into an empty database, so a stack started before the client was
 * added lacks it: then it is created (or updated) through the Admin REST API, idempotently. When the client already
 * answers an authorization request for a console redirect, nothing is changed and no admin password is needed.
 */
public class ConsoleClientResource implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "enclave-console";
    private static final String KEYCLOAK = LocalStack.Component.KEYCLOAK.url();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Map<String, String> start() {
        // Keycloak is up: LocalStack starts before this resource (order).
        try {
            ObjectNode wanted = clientInRealmFile(CLIENT_ID);
            if (!acceptsConsoleRedirect()) {
                createOrUpdate("enclave", wanted, adminToken());
                if (!acceptsConsoleRedirect()) {
                    throw new IllegalStateException("Keycloak still refuses the console's redirect after updating " + CLIENT_ID);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not set up the " + CLIENT_ID + " client in Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // The client stays: it is part of the realm (deploy/keycloak/enclave-realm.json).
    }

    /** The login page for a console redirect on some loopback port (Keycloak ignores loopback ports, RFC 8252). */
    private static boolean acceptsConsoleRedirect() throws IOException, InterruptedException {
        String url = KEYCLOAK + "/realms/enclave/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + CLIENT_ID + "&redirect_uri=" + enc("http://localhost:41999/console/callback")
                + "&code_challenge=" + "x".repeat(43) + "&code_challenge_method=S256&state=probe";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("kc-form-login");
    }

    /** A client as the realm file defines it (also used by {@link ControlPlaneClientResource}). */
    static ObjectNode clientInRealmFile(String clientId) throws IOException {
        JsonNode realm = JSON.readTree(LocalStack.projectRoot().resolve("deploy/keycloak/enclave-realm.json").toFile());
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return (ObjectNode) client;
            }
        }
        throw new IllegalStateException("deploy/keycloak/enclave-realm.json has no client " + clientId);
    }

    static void createOrUpdate(String realm, ObjectNode client, String token) throws IOException, InterruptedException {
        String clients = KEYCLOAK + "/admin/realms/" + realm + "/clients";
        JsonNode found = JSON.readTree(send(HttpRequest.newBuilder(URI.create(clients + "?clientId=" + enc(client.path("clientId").asText()))).GET(), token, 200));
        if (found.isEmpty()) {
            send(HttpRequest.newBuilder(URI.create(clients)).POST(body(client)), token, 201);
        } else {
            String id = found.get(0).path("id").asText();
            send(HttpRequest.newBuilder(URI.create(clients + "/" + id)).PUT(body(client.deepCopy().put("id", id))), token, 204);
        }
    }

    static String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=" + enc(adminPassword());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the bootstrap admin: " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    /**
     * The bootstrap admin's password: ENCLAVE_KEYCLOAK_ADMIN_PASSWORD, else the file of the checkout that started
     * Keycloak: this one, or (ENCLAVE_STACK_EXTERNAL=1 from a git worktree) the main worktree.
     */
    private static String adminPassword() throws IOException {
        String env = System.getenv("ENCLAVE_KEYCLOAK_ADMIN_PASSWORD");
        if (env != null && !env.isBlank()) {
            return env;
        }
        Path root = LocalStack.projectRoot();
        for (Path checkout : List.of(root, mainWorktree(root).orElse(root))) {
            Path file = checkout.resolve(".enclave/keycloak/admin-password");
            if (Files.isReadable(file)) {
                return Files.readString(file).strip();
            }
        }
        throw new IllegalStateException("Keycloak lacks a client of the realm file (" + CLIENT_ID + " or "
                + ControlPlaneClientResource.CLIENT_ID + ") and no admin password was found to add it: "
                + "set ENCLAVE_KEYCLOAK_ADMIN_PASSWORD, or restart Keycloak with the current realm file (./enclave down keycloak; ./enclave up)");
    }

    private static Optional<Path> mainWorktree(Path root) {
        Path git = root.resolve(".git");
        try { // a worktree's .git is a file: "gitdir: <main>/.git/worktrees/<name>"
            if (Files.isRegularFile(git)) {
                Path gitdir = Path.of(Files.readString(git).strip().substring("gitdir:".length()).strip());
                return Optional.ofNullable(gitdir.getParent()).map(Path::getParent).map(Path::getParent);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static String send(HttpRequest.Builder request, String token, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak admin API: " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static HttpRequest.BodyPublisher body(JsonNode json) throws IOException {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
