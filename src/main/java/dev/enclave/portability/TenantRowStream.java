package dev.enclave.portability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.enclave.placement.TenantDataSource;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;

/**
 * Streams one entity of a tenant, row by row, to a sink: as the tenant ({@link TenantScope#runAs}, so row-level
 * security applies), in one read-only repeatable-read transaction (the count and the rows are one snapshot), with a
 * server-side cursor ({@link PortabilityConfig#fetchSize()} rows per round trip), so the heap holds a page, never the
 * tenant.
 */
@ApplicationScoped
class TenantRowStream {

    interface Sink {
        void accept(ObjectNode record) throws Exception;
    }

    private final DataSource dataSource;
    private final TenantDataSource tenantData;
    private final TenantScope scope;
    private final ExportQueries queries;
    private final PortabilityConfig config;

    TenantRowStream(DataSource dataSource, TenantDataSource tenantData, TenantScope scope, ObjectMapper json, PortabilityConfig config) {
        this.dataSource = dataSource;
        this.tenantData = tenantData;
        this.scope = scope;
        this.queries = new ExportQueries(json);
        this.config = config;
    }

    /**
     * Counts the entity's rows ({@code total} is told first), then hands every row to {@code sink}.
     *
     * @return the number of rows streamed
     */
    long stream(TenantId tenant, BundleEntity entity, LongConsumer total, Sink sink) {
        return scope.runAs(tenant, () -> {
            try (Connection connection = (entity.global() ? dataSource : tenantData).getConnection()) {
                connection.setAutoCommit(false); // a cursor needs a transaction, else PostgreSQL sends every row at once
                try {
                    return streamIn(connection, tenant, entity, total, sink);
                } finally {
                    connection.rollback(); // read only: nothing to commit
                    connection.setAutoCommit(true);
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("export of " + entity.entity() + " of " + tenant + ": " + e.getMessage(), e);
            }
        });
    }

    private long streamIn(Connection connection, TenantId tenant, BundleEntity entity, LongConsumer total,
            Sink sink) throws Exception {
        try (Statement snapshot = connection.createStatement()) {
            snapshot.execute("set transaction isolation level repeatable read, read only");
        }
        List<ExportQueries.Query> parts = queries.of(entity);
        long expected = 0;
        for (ExportQueries.Query part : parts) {
            try (PreparedStatement count = prepare(connection, part.count(), tenant); ResultSet row = count.executeQuery()) {
                row.next();
                expected += row.getLong(1);
            }
        }
        total.accept(expected);
        long streamed = 0;
        for (ExportQueries.Query part : parts) {
            try (PreparedStatement select = prepare(connection, part.select(), tenant)) {
                select.setFetchSize(config.fetchSize());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(part.mapper().map(rows));
                        streamed++;
                    }
                }
            }
        }
        return streamed;
    }

    private static PreparedStatement prepare(Connection connection, String sql, TenantId tenant) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        int parameters = (int) sql.chars().filter(c -> c == '?').count();
        for (int i = 1; i <= parameters; i++) {
            statement.setString(i, tenant.value());
        }
        return statement;
    }
}
