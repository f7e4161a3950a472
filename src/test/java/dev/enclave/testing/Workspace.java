package dev.enclave.testing;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Projects and documents made through the public API, as a persona. */
public final class Workspace {

    private Workspace() {
    }

    /** A new project with a unique slug; returns its id. */
    public static String createProject(Persona who) {
        String slug = "p-" + UUID.randomUUID().toString().substring(0, 12);
        return given().header("Authorization", who.bearer()).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Project " + slug))
                .when().post("/api/v1/projects")
                .then().statusCode(201).extract().path("id");
    }

    public static Response createDocument(Persona who, String projectId, String title, String body) {
        return postDocument(who, projectId, title, body).then().statusCode(201).extract().response();
    }

    public static String documentId(Persona who, String projectId, String title, String body) {
        return createDocument(who, projectId, title, body).path("id");
    }

    /** Tries to create a document of exactly {@code bytes} bytes of content (title + body, ASCII); any outcome. */
    public static Response createDocumentOfSize(Persona who, String projectId, int bytes) {
        return postDocument(who, projectId, "t", "x".repeat(bytes - 1));
    }

    public static Response patchDocument(Persona who, String documentId, String etag, Map<String, Object> changes) {
        return given().header("Authorization", who.bearer()).header("If-Match", etag).contentType(ContentType.JSON)
                .body(changes)
                .when().patch("/api/v1/documents/" + documentId)
                .then().statusCode(200).extract().response();
    }

    public static void deleteDocument(Persona who, String documentId) {
        given().header("Authorization", who.bearer())
                .when().delete("/api/v1/documents/" + documentId)
                .then().statusCode(204);
    }

    /** The newest activity entries of the persona's tenant (one page of 200). */
    public static List<Map<String, Object>> activity(Persona who) {
        return given().header("Authorization", who.bearer())
                .when().get("/api/v1/activity?limit=200")
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    private static Response postDocument(Persona who, String projectId, String title, String body) {
        return given().header("Authorization", who.bearer()).contentType(ContentType.JSON)
                .body(Map.of("title", title, "body", body, "tags", List.of("events")))
                .when().post("/api/v1/projects/" + projectId + "/documents");
    }
}
