package dev.enclave.testing;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.enclave.member.MemberRole;

/**
 * Every endpoint and method of the tenant API (and the operators' audit and stats reads), with a valid body and the role
 * each one requires. One catalog, so that sweeps (no token, no tenant, suspended tenant, cross-tenant ids, roles)
 * cannot forget an endpoint.
 */
public enum Endpoint {
    LIST_MEMBERS("GET", "/api/v1/members", Needs.ANY_MEMBER, null, null),
    INVITE_MEMBER("POST", "/api/v1/members", Needs.MANAGER, null,
            () -> "{\"email\":\"invited-" + Fixtures.suffix() + "@example.test\",\"role\":\"member\"}"),
    GET_MEMBER("GET", "/api/v1/members/{member}", Needs.ANY_MEMBER, "member", null),
    PATCH_MEMBER("PATCH", "/api/v1/members/{member}", Needs.MANAGER, "member", () -> "{\"displayName\":\"Changed\"}"),
    DELETE_MEMBER("DELETE", "/api/v1/members/{member}", Needs.MANAGER, "member", null),

    LIST_PROJECTS("GET", "/api/v1/projects", Needs.ANY_MEMBER, null, null),
    CREATE_PROJECT("POST", "/api/v1/projects", Needs.WRITER, null,
            () -> "{\"slug\":\"created-" + Fixtures.suffix() + "\",\"name\":\"Created\"}"),
    GET_PROJECT("GET", "/api/v1/projects/{project}", Needs.ANY_MEMBER, "project", null),
    PATCH_PROJECT("PATCH", "/api/v1/projects/{project}", Needs.WRITER, "project", () -> "{\"name\":\"Changed\"}"),
    DELETE_PROJECT("DELETE", "/api/v1/projects/{project}", Needs.MANAGER, "project", null),

    LIST_DOCUMENTS("GET", "/api/v1/projects/{project}/documents", Needs.ANY_MEMBER, "project", null),
    CREATE_DOCUMENT("POST", "/api/v1/projects/{project}/documents", Needs.WRITER, "project", () -> "{\"title\":\"Created\"}"),
    GET_DOCUMENT("GET", "/api/v1/documents/{document}", Needs.ANY_MEMBER, "document", null),
    REPLACE_DOCUMENT("PUT", "/api/v1/documents/{document}", Needs.WRITER, "document",
            () -> "{\"title\":\"Replaced\",\"body\":\"\",\"tags\":[],\"status\":\"draft\"}"),
    PATCH_DOCUMENT("PATCH", "/api/v1/documents/{document}", Needs.WRITER, "document", () -> "{\"title\":\"Changed\"}"),
    DELETE_DOCUMENT("DELETE", "/api/v1/documents/{document}", Needs.WRITER, "document", null),

    GET_SETTINGS("GET", "/api/v1/settings", Needs.ANY_MEMBER, null, null),
    PUT_SETTINGS("PUT", "/api/v1/settings", Needs.MANAGER, null, Fixtures::settingsBody),

    READ_AUDIT("GET", "/admin/v1/audit", Needs.OPERATOR, null, null),
    READ_TENANT_STATS("GET", "/admin/v1/stats/tenants", Needs.OPERATOR, null, null);

    /** What a caller must be for the endpoint to act (before any lookup). */
    public enum Needs {
        ANY_MEMBER(role -> true),
        WRITER(MemberRole::writes),
        MANAGER(MemberRole::managesTenant),
        OPERATOR(role -> false);

        private final Predicate<MemberRole> allows;

        Needs(Predicate<MemberRole> allows) {
            this.allows = allows;
        }

        public boolean allows(MemberRole role) {
            return allows.test(role);
        }
    }

    public final String method;
    public final String path;
    public final Needs needs;
    /** The kind of id in the path ({@code member}, {@code project}, {@code document}) or null. */
    public final String idKind;
    private final Supplier<String> body;

    Endpoint(String method, String path, Needs needs, String idKind, Supplier<String> body) {
        this.method = method;
        this.path = path;
        this.needs = needs;
        this.idKind = idKind;
        this.body = body;
    }

    public boolean isTenantApi() {
        return path.startsWith("/api/");
    }

    public boolean takesId() {
        return idKind != null;
    }

    public boolean hasBody() {
        return body != null;
    }

    public boolean writes() {
        return !method.equals("GET");
    }

    public String validBody() {
        return body.get();
    }

    public String pathFor(Target target) {
        return path.replace("{member}", String.valueOf(target.member()))
                .replace("{project}", String.valueOf(target.project()))
                .replace("{document}", String.valueOf(target.document()));
    }

    /** Sends this endpoint's request with a valid body (and If-Match "0" where one is required). */
    public Response send(Persona persona, Target target) {
        return send(persona == null ? Fixtures.anonymous() : Fixtures.as(persona), target, "\"0\"");
    }

    public Response send(RequestSpecification request, Target target, String ifMatch) {
        if (hasBody()) {
            request = request.contentType("application/json").body(validBody());
        }
        if (ifMatch != null && (method.equals("PUT") || method.equals("PATCH")) && "document".equals(idKind)) {
            request = request.header("If-Match", ifMatch);
        }
        return request.when().request(method, pathFor(target)).andReturn();
    }

    public static List<Endpoint> tenantApi() {
        return java.util.Arrays.stream(values()).filter(Endpoint::isTenantApi).toList();
    }

    /** The ids one endpoint call acts on; any of them may be another tenant's, or exist nowhere. */
    public record Target(String tenant, UUID member, UUID project, UUID document) {

        /** Ids that exist in no tenant. */
        public static Target nowhere() {
            return new Target(null, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        }
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
