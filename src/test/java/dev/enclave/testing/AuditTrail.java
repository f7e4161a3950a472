package dev.enclave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;

/** Reads the audit log the way operators do: {@code GET /admin/v1/audit?tenant=...} with ROOT's token. */
public final class AuditTrail {

    private AuditTrail() {
    }

    /**
     * Waits until the records queued so far are written (an operator's read does that first: the request path queues
     * its records for the audit writer).
     */
    public static void settle() {
        Fixtures.as(Persona.ROOT).queryParam("limit", 1).get("/admin/v1/audit").then().statusCode(200);
    }

    /** The records of one request among the newest 200 that involve the tenant (as actor's or target tenant). */
    public static List<Map<String, Object>> recordsOf(String requestId, String tenant) {
        return recordsOf(requestId, tenant, null);
    }

    /** The same, narrowed to one actor (the audit API's actor filter) to keep the answer small. */
    public static List<Map<String, Object>> recordsOf(String requestId, String tenant, Persona actor) {
        var request = Fixtures.as(Persona.ROOT).queryParam("tenant", tenant).queryParam("limit", 200);
        if (actor != null) {
            request = request.queryParam("actor", actor.subject);
        }
        Response response = request.get("/admin/v1/audit");
        assertEquals(200, response.statusCode(), () -> "audit read failed: " + response.asString());
        List<Map<String, Object>> items = response.jsonPath().getList("items");
        return items.stream().filter(item -> requestId.equals(item.get("requestId"))).toList();
    }
}
