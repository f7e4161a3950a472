package dev.enclave.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes sure the running Keycloak knows the control plane's client ({@code enclave-control-plane}) as the realm file
 * defines it, with its service account's realm-management roles. As for the console's client
 * ({@link ConsoleClientResource}): Keycloak imports the realm file only into an empty database, so a stack started
 * before the client was added lacks it. When the client already gets a token that may list users, nothing changes.
 */
public class ControlPlaneClientResource implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "enclave-control-plane";
    private static final List<String> ROLES = List.of("view-users", "query-users", "manage-users");
    private static final String KEYCLOAK = LocalStack.Component.KEYCLOAK.url();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Map<String, String> start() {
        ensure("enclave");
        return Map.of();
    }

    @Override
    public void stop() {
        // The client stays: it is part of the realm (deploy/keycloak/enclave-realm.json).
    }

    static void ensure(String realm) {
        try {
            ObjectNode wanted = ConsoleClientResource.clientInRealmFile(CLIENT_ID);
            String secret = wanted.path("secret").asText();
            if (!mayListUsers(realm, secret)) {
                String token = ConsoleClientResource.adminToken();
                ConsoleClientResource.createOrUpdate(realm, wanted, token);
                grantRoles(realm, token);
                if (!mayListUsers(realm, secret)) {
                    throw new IllegalStateException("Keycloak's " + CLIENT_ID + " still may not list users after it was updated");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not set up the " + CLIENT_ID + " client in Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client-credentials token of the client, and that token lists users. */
    private static boolean mayListUsers(String realm, String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=" + ConsoleClientResource.enc(secret);
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            return false;
        }
        String accessToken = JSON.readTree(token.body()).path("access_token").asText();
        HttpResponse<String> count = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/admin/realms/" + realm + "/users/count"))
                .header("Authorization", "Bearer " + accessToken).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return count.statusCode() == 200;
    }

    /** The service account's roles of realm-management: view-users, query-users, manage-users (idempotent). */
    private static void grantRoles(String realm, String token) throws IOException, InterruptedException {
        String admin = KEYCLOAK + "/admin/realms/" + realm;
        String client = uuidOf(admin, CLIENT_ID, token);
        String realmManagement = uuidOf(admin, "realm-management", token);
        String serviceAccount = JSON.readTree(ConsoleClientResource.send(HttpRequest.newBuilder(
                URI.create(admin + "/clients/" + client + "/service-account-user")).GET(), token, 200)).path("id").asText();
        ArrayNode roles = JSON.createArrayNode();
        for (JsonNode role : JSON.readTree(ConsoleClientResource.send(HttpRequest.newBuilder(
                URI.create(admin + "/clients/" + realmManagement + "/roles")).GET(), token, 200))) {
            if (ROLES.contains(role.path("name").asText())) {
                roles.add(role);
            }
        }
        ConsoleClientResource.send(HttpRequest.newBuilder(URI.create(admin + "/users/" + serviceAccount + "/role-mappings/clients/"
                + realmManagement)).POST(ConsoleClientResource.body(roles)), token, 204);
    }

    private static String uuidOf(String admin, String clientId, String token) throws IOException, InterruptedException {
        JsonNode found = JSON.readTree(ConsoleClientResource.send(HttpRequest.newBuilder(
                URI.create(admin + "/clients?clientId=" + ConsoleClientResource.enc(clientId))).GET(), token, 200));
        if (found.isEmpty()) {
            throw new IllegalStateException("Keycloak has no client " + clientId + " in realm " + URI.create(admin).getPath());
        }
        return found.get(0).path("id").asText();
    }
}
