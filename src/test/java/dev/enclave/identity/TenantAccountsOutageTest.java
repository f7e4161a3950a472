package dev.enclave.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Keycloak unreachable: the control plane's calls say "retry later" (its jobs do), never fail with a 500. */
@QuarkusTest
@TestProfile(TenantAccountsOutageTest.KeycloakDown.class)
class TenantAccountsOutageTest {

    public static class KeycloakDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 9 (discard) on loopback: connection refused, as for a Keycloak that is down. Only the admin client.
            return Map.of("enclave.identity.admin.server-url", "http://127.0.0.1:9");
        }
    }

    @Inject
    TenantAccounts accounts;

    @Test
    void everyCallIsRetryLater() {
        TenantId tenant = new TenantId("t-outage");
        for (Runnable call : new Runnable[] {
                () -> accounts.usersOf(tenant),
                () -> accounts.ensureUser(tenant, "t-outage-u", "t-outage-u@example.test", Optional.empty()),
                () -> accounts.setEnabled(tenant, false),
                () -> accounts.deleteUsersOf(tenant) }) {
            RetryLaterException e = assertThrows(RetryLaterException.class, call::run);
            assertEquals(ProblemType.SERVICE_UNAVAILABLE, e.type());
        }
    }
}
