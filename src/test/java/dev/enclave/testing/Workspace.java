package dev.enclave.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Projects and documents for tests, made through the API as a persona. */
public final class Workspace {

    private Workspace() {
    }

    /** A new project with a unique slug; returns its id. */
    public static String project(Persona owner) {
        String slug = "p-" + UUID.randomUUID().toString().substring(0, 13);
        return given().header("Authorization", owner.bearer()).contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", "Project " + slug))
                .when().post("/api/v1/projects")
                .then().statusCode(201).extract().path("id");
    }

    public static Response createDocument(Persona author, String projectId, String title, String body) {
        return given().header("Authorization", author.bearer()).contentType(ContentType.JSON)
                .body(Map.of("title", title, "body", body))
                .when().post("/api/v1/projects/" + projectId + "/documents");
    }

    /** A document of exactly {@code bytes} bytes of content (title + body, ASCII). */
    public static Response createDocumentOfSize(Persona author, String projectId, int bytes) {
        return createDocument(author, projectId, "t", "x".repeat(bytes - 1));
    }

    public static String documentId(Persona author, String projectId, String title, String body) {
        return createDocument(author, projectId, title, body).then().statusCode(201).extract().path("id");
    }
}
