package dev.enclave.offboarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.tenancy.TenantId;

/** The {@code purge_receipts} table (V63): one receipt per purge, append-only. */
@ApplicationScoped
public class PurgeReceipts {

    /** A stored receipt, as {@code GET .../receipt} answers it. */
    public record Stored(String tenant, UUID job, String digest, OffsetDateTime createdAt, JsonNode receipt) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    PurgeReceipts(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Stores the job's receipt unless it is there already (a resumed purge): in the caller's transaction, if any. */
    void insert(TenantId tenant, UUID job, JsonNode receipt, String digest) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                insert into purge_receipts (tenant, job, receipt, digest) values (?, ?, ?::jsonb, ?)
                on conflict (tenant, job) do nothing""")) {
            insert.setString(1, tenant.value());
            insert.setObject(2, job);
            insert.setString(3, json.writeValueAsString(receipt));
            insert.setString(4, digest);
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not store the purge receipt: " + e.getMessage(), e);
        }
    }

    Optional<Stored> ofJob(TenantId tenant, UUID job) {
        return one("select tenant, job, digest, created_at, receipt from purge_receipts where tenant = ? and job = ?", tenant, job);
    }

    /** The tenant's latest receipt (an id provisioned again and purged again has several). */
    public Optional<Stored> latest(TenantId tenant) {
        return one("select tenant, job, digest, created_at, receipt from purge_receipts where tenant = ? "
                + "order by created_at desc limit 1", tenant, null);
    }

    boolean registered(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("select 1 from tenants where id = ?")) {
            query.setString(1, tenant.value());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tenant registry: " + e.getMessage(), e);
        }
    }

    /** Whether the audit log has the receipt's record already (a purge resumed after writing it). */
    boolean audited(TenantId tenant, String digest) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select 1 from audit_log where target_tenant = ? and action = ? and position(? in reason) > 0")) {
            query.setString(1, tenant.value());
            query.setString(2, PurgeJob.AUDIT_ACTION);
            query.setString(3, digest);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit log: " + e.getMessage(), e);
        }
    }

    private Optional<Stored> one(String sql, TenantId tenant, UUID job) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, tenant.value());
            if (job != null) {
                query.setObject(2, job);
            }
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(row.getString(1), row.getObject(2, UUID.class), row.getString(3),
                        row.getObject(4, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC), json.readTree(row.getString(5))));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read purge receipts: " + e.getMessage(), e);
        }
    }
}
