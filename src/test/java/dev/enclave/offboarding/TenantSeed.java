package dev.enclave.offboarding;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.enclave.testing.LocalStack;
import dev.enclave.testing.TestDatabase;

/**
 * A tenant registered the way the control plane does it (the owner's functions), with rows written as that tenant
 * (app.tenant_id set), and a document in the search node. Works from a @QuarkusTest and from a packaged-app IT.
 */
final class TenantSeed {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TenantSeed() {
    }

    static String newId() {
        return "t-off-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Registers the tenant (provisioning); {@code activate} moves it to active. */
    static void register(String tenant, boolean activate) throws SQLException {
        try (Connection owner = TestDatabase.asOwner(); Statement sql = owner.createStatement()) {
            try (ResultSet r = sql.executeQuery("select register_tenant('" + tenant + "', 'Offboarding test', 'free', 'local', 'shared')")) {
                r.next();
                if (!"registered".equals(r.getString(1))) {
                    throw new IllegalStateException("tenant not registered: " + r.getString(1));
                }
            }
            if (activate) {
                sql.execute("select change_tenant_status('" + tenant + "', '{provisioning}', 'active', 'test', null)");
            }
        }
    }

    static String registerAgain(String tenant) throws SQLException {
        try (Connection owner = TestDatabase.asOwner(); Statement sql = owner.createStatement();
                ResultSet r = sql.executeQuery("select register_tenant('" + tenant + "', 'Again', 'free', 'local', 'shared')")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * Rows as the tenant: a member (subject = the Keycloak user id, when given), a project with {@code documents}
     * documents, and one published outbox event.
     */
    static void rows(String tenant, String subject, int documents) throws SQLException {
        try (Connection owner = TestDatabase.asOwner()) {
            owner.setAutoCommit(false);
            try (PreparedStatement as = owner.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                as.setString(1, tenant);
                as.execute();
            }
            UUID project = UUID.randomUUID();
            try (PreparedStatement member = owner.prepareStatement(
                    "insert into members (tenant_id, id, subject, email, display_name, role) values (?, ?, ?, ?, 'Owner', 'owner')");
                    PreparedStatement projects = owner.prepareStatement(
                            "insert into projects (tenant_id, id, slug, name) values (?, ?, 'purged', 'To be purged')");
                    PreparedStatement docs = owner.prepareStatement("""
                            insert into documents (tenant_id, id, project_id, title, body)
                            select ?, gen_random_uuid(), ?, 'Document ' || n, repeat('body ', 20) from generate_series(1, ?) n""");
                    PreparedStatement event = owner.prepareStatement("""
                            insert into outbox_events (tenant_id, id, aggregate_type, aggregate_id, aggregate_version, event_type,
                                                       occurred_at, payload, published_at)
                            values (?, gen_random_uuid(), 'project', ?, 1, 'ProjectCreated', now(), '{}', now())""")) {
                member.setString(1, tenant);
                member.setObject(2, UUID.randomUUID());
                member.setString(3, subject);
                member.setString(4, tenant + "-owner@example.test");
                member.executeUpdate();
                projects.setString(1, tenant);
                projects.setObject(2, project);
                projects.executeUpdate();
                docs.setString(1, tenant);
                docs.setObject(2, project);
                docs.setInt(3, documents);
                docs.executeUpdate();
                event.setString(1, tenant);
                event.setObject(2, project);
                event.executeUpdate();
            }
            owner.commit();
        }
    }

    /** One document of the tenant in the shared index, shaped as the indexer writes them. */
    static void searchDocument(String tenant) throws IOException, InterruptedException {
        String prefix = ConfigProvider.getConfig().getValue("enclave.search.index-prefix", String.class);
        UUID id = UUID.randomUUID();
        String body = """
                {"tenant_id": "%s", "document_id": "%s", "project_id": "%s", "title": "Purge me", "body": "secret",
                 "tags": [], "status": "draft", "deleted": false, "indexed_at": %d, "updated_at": "2026-12-04T00:00:00Z"}"""
                .formatted(tenant, id, UUID.randomUUID(), System.currentTimeMillis());
        HttpRequest put = HttpRequest.newBuilder(URI.create(LocalStack.Component.OPENSEARCH.url() + "/" + prefix + "-shared/_doc/"
                + tenant + ":" + id + "?routing=" + tenant + "&refresh=true"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(put, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("search document not indexed: " + response.statusCode() + " " + response.body());
        }
    }

    /** A document in a dedicated index of the tenant (as an earlier placement move would have left it). */
    static void dedicatedIndexDocument(String tenant) throws IOException, InterruptedException {
        String prefix = ConfigProvider.getConfig().getValue("enclave.search.index-prefix", String.class);
        HttpRequest index = HttpRequest.newBuilder(URI.create(LocalStack.Component.OPENSEARCH.url() + "/" + prefix + "-t-" + tenant + ".v1"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mappings\": {\"properties\": {\"tenant_id\": {\"type\": \"keyword\"}}}}"))
                .build();
        HTTP.send(index, HttpResponse.BodyHandlers.discarding());
        HttpRequest put = HttpRequest.newBuilder(URI.create(LocalStack.Component.OPENSEARCH.url() + "/" + prefix + "-t-" + tenant
                + ".v1/_doc/" + tenant + ":" + UUID.randomUUID() + "?routing=" + tenant + "&refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tenant_id\": \"" + tenant + "\", \"title\": \"dedicated\"}")).build();
        HttpResponse<String> response = HTTP.send(put, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("dedicated index document not indexed: " + response.statusCode() + " " + response.body());
        }
    }

    static int indexStatus(String index) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.Component.OPENSEARCH.url() + "/" + index)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String status(String tenant) throws SQLException {
        try (Connection owner = TestDatabase.asOwner(); PreparedStatement q = owner.prepareStatement("select status from tenants where id = ?")) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    static long count(String sql, String tenant) throws SQLException {
        try (Connection su = TestDatabase.asSuperuser(); PreparedStatement q = su.prepareStatement(sql)) {
            q.setString(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
