package dev.enclave.settings;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.enclave.testing.AuditTrail;
import dev.enclave.testing.Fixtures;
import dev.enclave.testing.Persona;
import dev.enclave.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A tenant's settings are policy: {@code allowedEmailDomains} restricts whom owners and admins may invite, and every
 * change of the settings is audited and recorded as a domain event (the outbox).
 */
@QuarkusTest
class SettingsPolicyTest {

    @AfterEach
    void anyDomainAgain() {
        put(Persona.ALICE, Fixtures.settingsBody()).then().statusCode(200);
    }

    @Test
    void onlyAllowedEmailDomainsCanBeInvited() {
        put(Persona.ALICE, Fixtures.settingsBody().replace("\"allowedEmailDomains\":[]", "\"allowedEmailDomains\":[\"acme.test\"]"))
                .then().statusCode(200);

        Response outsider = invite("someone-" + Fixtures.suffix() + "@evil.test");
        assertThat(outsider.asString(), outsider.statusCode(), is(400));
        assertThat(outsider.contentType(), is("application/problem+json"));
        assertThat(outsider.path("detail"), containsString("evil.test"));
        Response sneaky = invite("someone-" + Fixtures.suffix() + "@ACME.test.evil.test");
        assertThat(sneaky.asString(), sneaky.statusCode(), is(400));

        Response insider = invite("someone-" + Fixtures.suffix() + "@Acme.Test");
        assertThat(insider.asString(), insider.statusCode(), is(201));
    }

    @Test
    void aSettingsChangeIsAuditedAndRecordedAsAnEvent() throws Exception {
        long eventsBefore = settingsEvents();
        Response changed = put(Persona.ALICE, Fixtures.settingsBody());
        assertThat(changed.asString(), changed.statusCode(), is(200));

        assertThat(settingsEvents(), is(eventsBefore + 1));
        List<Map<String, Object>> records = AuditTrail.recordsOf(changed.header("X-Request-Id"), Persona.ACME, Persona.ALICE);
        assertThat(records.toString(), records.size(), is(1));
        assertThat(records.get(0).get("action"), is("change-settings"));
        assertThat(records.get(0).get("outcome"), is("allowed"));
        assertThat(records.get(0).get("resource"), is("settings"));
    }

    @Test
    void aRefusedSettingsChangeRecordsNoChange() throws Exception {
        long eventsBefore = settingsEvents();
        Response refused = put(Persona.CAROL, Fixtures.settingsBody()); // a viewer
        assertThat(refused.statusCode(), is(403));
        assertThat(settingsEvents(), is(eventsBefore));
        assertThat(AuditTrail.recordsOf(refused.header("X-Request-Id"), Persona.ACME, Persona.CAROL).stream()
                .filter(r -> "change-settings".equals(r.get("action"))).count(), is(0L));
    }

    private static Response put(Persona who, String body) {
        return Fixtures.as(who).contentType("application/json").body(body).put("/api/v1/settings");
    }

    private static Response invite(String email) {
        return Fixtures.as(Persona.ALICE).contentType("application/json")
                .body("{\"email\":\"" + email + "\",\"displayName\":\"Invitee\",\"role\":\"member\"}").post("/api/v1/members");
    }

    private static long settingsEvents() throws Exception {
        try (Connection app = TestDatabase.asApp()) {
            TestDatabase.setTenant(app, Persona.ACME, false);
            return TestDatabase.count(app, "select count(*) from outbox_events where aggregate_type = 'settings'"
                    + " and event_type = 'SettingsChanged'");
        }
    }
}
