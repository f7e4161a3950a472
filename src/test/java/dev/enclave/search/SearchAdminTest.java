package dev.enclave.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.enclave.testing.Persona;

/** POST /admin/v1/tenants/{id}/reindex rebuilds one tenant from the database; operators only, audited. */
@QuarkusTest
class SearchAdminTest {

    @Inject
    SearchFixtures fixtures;

    @Test
    void reindexRestoresMissingDocumentsAndDropsStaleOnesForThatTenantOnly() {
        String word = SearchFixtures.word();
        UUID project = SearchFixtures.project(Persona.ALICE);
        fixtures.indexed(Persona.ALICE, project, word + " indexed", "", List.of());
        SearchFixtures.document(Persona.ALICE, project, word + " never indexed", "", List.of()); // its event was lost
        JsonPath gone = fixtures.indexed(Persona.ALICE, project, word + " deleted without event", "", List.of());
        given().header("Authorization", Persona.ALICE.bearer()).when().delete("/api/v1/documents/" + gone.getString("id"))
                .then().statusCode(204);
        String bobWord = SearchFixtures.word();
        fixtures.indexed(Persona.BOB, SearchFixtures.project(Persona.BOB), bobWord, "", List.of());
        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(2));

        given().header("Authorization", Persona.ROOT.bearer()).when().post("/admin/v1/tenants/acme/reindex")
                .then().statusCode(200)
                .body("tenant", equalTo(Persona.ACME))
                .body("placement", equalTo("shared"))
                .body("indexed", greaterThanOrEqualTo(2))
                .body("staleRemoved", greaterThanOrEqualTo(1));
        fixtures.refresh();

        SearchFixtures.search(Persona.ALICE, Map.of("q", word)).body("total", equalTo(2))
                .body("items.title", hasItem(word + " never indexed"));
        SearchFixtures.search(Persona.BOB, Map.of("q", bobWord)).body("total", equalTo(1));

        given().header("Authorization", Persona.ROOT.bearer()).queryParam("tenant", Persona.ACME).when().get("/admin/v1/audit")
                .then().statusCode(200).body("items.action", hasItem("reindex"));
    }

    @Test
    void onlyOperatorsRebuildAndMoveAndOnlyRegisteredTenants() {
        given().header("Authorization", Persona.ALICE.bearer()).when().post("/admin/v1/tenants/acme/reindex").then().statusCode(403);
        given().header("Authorization", Persona.BOB.bearer()).contentType(ContentType.JSON).body(Map.of("placement", "dedicated"))
                .when().put("/admin/v1/tenants/globex/search-placement").then().statusCode(403);
        given().header("Authorization", Persona.ALICE.bearer()).when().post("/admin/v1/search/rollout").then().statusCode(403);
        given().when().post("/admin/v1/tenants/acme/reindex").then().statusCode(401);
        given().header("Authorization", Persona.ROOT.bearer()).when().post("/admin/v1/tenants/unregistered-search-tenant/reindex")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Persona.ROOT.bearer()).when().post("/admin/v1/tenants/Not%20A%20Tenant/reindex")
                .then().statusCode(404);
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body(Map.of("placement", "elsewhere"))
                .when().put("/admin/v1/tenants/globex/search-placement").then().statusCode(400);
        given().header("Authorization", Persona.ROOT.bearer()).contentType(ContentType.JSON).body("{}")
                .when().put("/admin/v1/tenants/globex/search-placement").then().statusCode(400);
    }
}
