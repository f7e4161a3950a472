package dev.enclave.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.testing.LocalStack;
import dev.enclave.testing.Persona;
import io.quarkus.test.junit.QuarkusTest;

/** The control plane's view of a tenant's users, against the real Keycloak of the local stack (realm enclave). */
@QuarkusTest
class TenantAccountsTest {

    private static final String TOKEN_ENDPOINT = LocalStack.Component.KEYCLOAK.url() + "/realms/enclave/protocol/openid-connect/token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TenantAccounts accounts;

    private final List<TenantId> tenants = new ArrayList<>();

    @AfterEach
    void deleteTheUsersCreated() {
        tenants.forEach(accounts::deleteUsersOf);
    }

    private TenantId newTenant(String suffix) {
        TenantId tenant = new TenantId("t-" + UUID.randomUUID().toString().substring(0, 8) + suffix);
        tenants.add(tenant);
        return tenant;
    }

    @Test
    void ensureUserCreatesOnceAndReturnsTheSameUserAgain() {
        TenantId tenant = newTenant("");
        String name = tenant.value() + "-owner";
        Account created = accounts.ensureUser(tenant, name, name + "@example.test", Optional.of("pw-" + name));
        Account again = accounts.ensureUser(tenant, name, name + "@example.test", Optional.of("pw-" + name));

        assertEquals(created, again);
        assertEquals(name, created.username());
        assertTrue(created.enabled());
        assertEquals(Optional.of(created), accounts.findByEmail(tenant, name + "@EXAMPLE.test"));
        assertEquals(200, passwordGrant(name, "pw-" + name).statusCode(), "a user with a password can sign in at once");

        Account invited = accounts.ensureUser(tenant, name + "-invited", name + "-invited@example.test", Optional.empty());
        assertEquals(2, accounts.countUsersOf(tenant));
        assertEquals(400, passwordGrant(invited.username(), "anything").statusCode(), "no password until the user sets one");
    }

    @Test
    void aUsernameOrEmailOfAnotherTenantOrOfNoTenantIsAConflict() {
        TenantId tenant = newTenant("");
        TenantId other = newTenant("");
        String name = tenant.value() + "-a";
        accounts.ensureUser(tenant, name, name + "@example.test", Optional.of("pw-" + name));

        assertConflict(() -> accounts.ensureUser(other, name, "fresh-" + name + "@example.test", Optional.empty()));
        assertConflict(() -> accounts.ensureUser(other, "fresh-" + name, name + "@example.test", Optional.empty()));
        // mallory has no tenant; alice is acme's
        assertConflict(() -> accounts.ensureUser(other, Persona.MALLORY.username, "m-" + name + "@example.test", Optional.empty()));
        assertConflict(() -> accounts.ensureUser(other, "fresh2-" + name, "alice@acme.test", Optional.empty()));
        assertEquals(0, accounts.countUsersOf(other));
        assertEquals(Optional.empty(), accounts.findByEmail(other, name + "@example.test"), "not the other tenant's user");
    }

    @Test
    void usersOfMatchesTheTenantIdExactly() {
        TenantId x = newTenant("");
        TenantId x2 = new TenantId(x.value() + "2");
        tenants.add(x2);
        accounts.ensureUser(x, x.value() + "-u1", x.value() + "-u1@example.test", Optional.empty());
        accounts.ensureUser(x, x.value() + "-u2", x.value() + "-u2@example.test", Optional.empty());
        accounts.ensureUser(x2, x2.value() + "-u1", x2.value() + "-u1@example.test", Optional.empty());

        assertEquals(List.of(x.value() + "-u1", x.value() + "-u2"),
                accounts.usersOf(x).stream().map(Account::username).sorted().toList());
        assertEquals(2, accounts.countUsersOf(x));
        assertEquals(1, accounts.countUsersOf(x2));
        assertEquals(0, accounts.countUsersOf(new TenantId(x.value().substring(0, x.value().length() - 1))));
    }

    @Test
    void disablingEndsSignInAndSessionsAndEnablingRestoresSignIn() throws Exception {
        TenantId tenant = newTenant("");
        String name = tenant.value() + "-s";
        accounts.ensureUser(tenant, name, name + "@example.test", Optional.of("pw-" + name));
        HttpResponse<String> signedIn = passwordGrant(name, "pw-" + name);
        assertEquals(200, signedIn.statusCode(), signedIn.body());
        String refreshToken = JSON.readTree(signedIn.body()).path("refresh_token").asText();

        assertEquals(1, accounts.setEnabled(tenant, false));
        assertEquals(0, accounts.setEnabled(tenant, false), "idempotent");
        assertFalse(accounts.usersOf(tenant).get(0).enabled());
        assertEquals(400, passwordGrant(name, "pw-" + name).statusCode(), "a disabled user gets no token");
        HttpResponse<String> refreshed = refresh(refreshToken);
        assertEquals(400, refreshed.statusCode(), "the session ended: " + refreshed.body());

        assertEquals(1, accounts.setEnabled(tenant, true));
        assertEquals(200, passwordGrant(name, "pw-" + name).statusCode());
        Persona.ALICE.newToken(); // another tenant's users are untouched (it throws if refused)
    }

    @Test
    void deleteUsersOfDeletesOnlyThatTenantsUsersOnce() {
        TenantId tenant = newTenant("");
        TenantId other = newTenant("");
        accounts.ensureUser(tenant, tenant.value() + "-d1", tenant.value() + "-d1@example.test", Optional.empty());
        accounts.ensureUser(tenant, tenant.value() + "-d2", tenant.value() + "-d2@example.test", Optional.empty());
        accounts.ensureUser(other, other.value() + "-d1", other.value() + "-d1@example.test", Optional.empty());

        assertEquals(2, accounts.deleteUsersOf(tenant));
        assertEquals(0, accounts.deleteUsersOf(tenant));
        assertEquals(0, accounts.countUsersOf(tenant));
        assertEquals(1, accounts.countUsersOf(other));
    }

    @Test
    void usersCannotMoveThemselvesIntoAnotherTenant() throws Exception {
        TenantId tenant = newTenant("");
        String name = tenant.value() + "-m";
        accounts.ensureUser(tenant, name, name + "@example.test", Optional.of("pw-" + name));
        String token = JSON.readTree(passwordGrant(name, "pw-" + name).body()).path("access_token").asText();

        // Keycloak's account API, as the user: the realm's user profile makes tenant_id admin-only.
        String me = "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.test\",\"firstName\":\"" + name
                + "\",\"lastName\":\"" + tenant.value() + "\",\"attributes\":{\"tenant_id\":[\"" + Persona.ACME + "\"]}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.Component.KEYCLOAK.url()
                + "/realms/enclave/account/")).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(me)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("error-user-attribute-read-only"), response.body());
        assertEquals(1, accounts.countUsersOf(tenant));
    }

    private static void assertConflict(Runnable call) {
        ProblemException e = assertThrows(ProblemException.class, call::run);
        assertEquals(ProblemType.CONFLICT, e.type(), e.getMessage());
    }

    private static HttpResponse<String> passwordGrant(String username, String password) {
        return token("grant_type=password&client_id=enclave-cli&username=" + enc(username) + "&password=" + enc(password));
    }

    private static HttpResponse<String> refresh(String refreshToken) {
        return token("grant_type=refresh_token&client_id=enclave-cli&refresh_token=" + enc(refreshToken));
    }

    private static HttpResponse<String> token(String form) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(TOKEN_ENDPOINT)).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
