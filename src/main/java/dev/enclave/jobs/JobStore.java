package dev.enclave.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.tenancy.TenantId;

/**
 * The {@code operator_jobs} table (V63), in plain SQL: claiming a job is one conditional update, and every later
 * write names the instance that claimed it, so two instances never both think they run the same job.
 */
@ApplicationScoped
class JobStore {

    /** A job an instance claimed to run. */
    record Claimed(UUID id, TenantId tenant, String kind, JsonNode params, String step, String checkpoint,
            int attempts, String createdBy) {
    }

    private static final String COLUMNS = """
            id, tenant, kind, state, params, step, checkpoint, done, total, result, error, attempts, created_by,
            created_at, updated_at, finished_at""";

    private final DataSource dataSource;
    private final ObjectMapper json;

    JobStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    JobView insert(TenantId tenant, String kind, JsonNode params, String createdBy) {
        return one("insert into operator_jobs (id, tenant, kind, params, created_by) values (?, ?, ?, ?::jsonb, ?) returning "
                + COLUMNS, UUID.randomUUID(), tenant.value(), kind, write(params), createdBy).orElseThrow();
    }

    Optional<JobView> find(UUID id) {
        return one("select " + COLUMNS + " from operator_jobs where id = ?", id);
    }

    List<JobView> ofTenant(TenantId tenant, int limit) {
        return many("select " + COLUMNS + " from operator_jobs where tenant = ? order by created_at desc, id limit ?",
                tenant.value(), limit);
    }

    /** Takes the oldest runnable job whose lease is free (never run, retry due, or its instance died). */
    Optional<Claimed> claim(String owner, Duration lease) {
        String sql = """
                update operator_jobs set state = 'running', lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',
                       attempts = attempts + 1, updated_at = now()
                 where id = (select id from operator_jobs
                              where state in ('queued', 'running') and run_after <= now()
                                and (lease_until is null or lease_until < now())
                              order by run_after, created_at limit 1 for update skip locked)
                returning id, tenant, kind, params, step, checkpoint, attempts, created_by""";
        return query(sql, row -> new Claimed(row.getObject(1, UUID.class), new TenantId(row.getString(2)), row.getString(3),
                read(row.getString(4)), row.getString(5), row.getString(6), row.getInt(7), row.getString(8)),
                owner, lease.toMillis()).stream().findFirst();
    }

    boolean renew(UUID id, String owner, Duration lease) {
        return update("update operator_jobs set lease_until = now() + ? * interval '1 millisecond' where id = ? and lease_owner = ?"
                + " and state = 'running'", lease.toMillis(), id, owner) == 1;
    }

    boolean progress(UUID id, String owner, String step, String checkpoint, long done, Long total) {
        return update("""
                update operator_jobs set step = ?, checkpoint = ?, done = ?, total = ?, updated_at = now()
                 where id = ? and lease_owner = ? and state = 'running'""", step, checkpoint, done, total, id, owner) == 1;
    }

    void succeed(UUID id, String owner, JsonNode result) {
        update("""
                update operator_jobs set state = 'succeeded', result = ?::jsonb, error = null, lease_owner = null,
                       lease_until = null, finished_at = now(), updated_at = now()
                 where id = ? and lease_owner = ?""", write(result), id, owner);
    }

    void fail(UUID id, String owner, String error) {
        update("""
                update operator_jobs set state = 'failed', error = ?, lease_owner = null, lease_until = null,
                       finished_at = now(), updated_at = now()
                 where id = ? and lease_owner = ?""", error, id, owner);
    }

    /** Gives the job back for another attempt after {@code delay}. */
    void retryLater(UUID id, String owner, String error, Duration delay) {
        update("""
                update operator_jobs set error = ?, lease_owner = null, lease_until = null,
                       run_after = now() + ? * interval '1 millisecond', updated_at = now()
                 where id = ? and lease_owner = ?""", error, delay.toMillis(), id, owner);
    }

    /** At shutdown: this instance's jobs may be taken over at once, from their last checkpoint. */
    void release(String owner) {
        update("update operator_jobs set lease_owner = null, lease_until = null where lease_owner = ? and state = 'running'", owner);
    }

    private Optional<JobView> one(String sql, Object... parameters) {
        return many(sql, parameters).stream().findFirst();
    }

    private List<JobView> many(String sql, Object... parameters) {
        return query(sql, this::view, parameters);
    }

    private JobView view(ResultSet row) throws SQLException {
        long total = row.getLong("total");
        return new JobView(row.getObject("id", UUID.class), row.getString("tenant"), row.getString("kind"),
                JobState.fromDb(row.getString("state")), row.getString("step"), row.getLong("done"),
                row.wasNull() ? null : total, readNullable(row.getString("result")), row.getString("error"),
                row.getInt("attempts"), row.getString("created_by"), row.getObject("created_at", OffsetDateTime.class),
                row.getObject("updated_at", OffsetDateTime.class), row.getObject("finished_at", OffsetDateTime.class));
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("operator jobs: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("operator jobs: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, parameters[i]);
            }
        }
        return statement;
    }

    private String write(JsonNode node) {
        try {
            return node == null ? null : json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode readNullable(String text) {
        return text == null ? null : read(text);
    }
}
