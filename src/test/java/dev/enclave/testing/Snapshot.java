package dev.enclave.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enclave.testing.Endpoint.Target;

/**
 * What the target tenant's owner reads of the resources one endpoint could write (one list or document, with
 * versions): equal before and after a refused request, or the request wrote something.
 */
public record Snapshot(String read) {

    public static Snapshot of(Target target, Endpoint endpoint) {
        return new Snapshot(Fixtures.as(Fixtures.ownerOf(target.tenant())).queryParam("limit", 200)
                .get(readPath(target, endpoint)).then().statusCode(200).extract().asString());
    }

    private static String readPath(Target target, Endpoint endpoint) {
        String path = endpoint.path;
        if (path.startsWith("/api/v1/members")) {
            return "/api/v1/members";
        }
        if (path.startsWith("/api/v1/settings")) {
            return "/api/v1/settings";
        }
        if (path.contains("documents")) {
            return "/api/v1/projects/" + target.project() + "/documents";
        }
        return "/api/v1/projects";
    }

    public void assertUnchanged(Target target, Endpoint endpoint) {
        assertEquals(this, of(target, endpoint), "a refused request changed something");
    }
}
