package dev.enclave.tenant;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantRegistry;
import dev.enclave.tenancy.TenantStatus;

/**
 * Moves a tenant between lifecycle states. The allowed transitions are enforced by the database
 * ({@code change_tenant_status}, V63), the one place every instance goes through; here they become answers: 404 for
 * a tenant that is not registered, 409 naming the state it is in when the move is not allowed from there (also when
 * another caller just made the same move: of two racing moves one wins). Every
 * instance sees the change within {@link TenantRegistry#TTL}; this one at once.
 */
@ApplicationScoped
public class TenantLifecycle {

    private final DataSource dataSource;
    private final TenantDirectory directory;
    private final TenantRegistry registry;

    TenantLifecycle(DataSource dataSource, TenantDirectory directory, TenantRegistry registry) {
        this.dataSource = dataSource;
        this.directory = directory;
        this.registry = registry;
    }

    /**
     * Moves the tenant to {@code target} if it is in one of {@code from} (and the move is allowed from there).
     *
     * @param reason why, kept with the status (shown to operators); may be null
     * @param purgeAfter when an offboarding tenant's data may be purged; null otherwise
     * @throws ProblemException 404 when the tenant is not registered, 409 when it is in another state
     */
    public void move(TenantId tenant, Set<TenantStatus> from, TenantStatus target, String reason, OffsetDateTime purgeAfter) {
        boolean moved;
        String after;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement change = connection.prepareStatement("select moved, status from change_tenant_status(?, ?, ?, ?, ?)")) {
            Array expected = connection.createArrayOf("text", from.stream().map(TenantLifecycle::db).toArray());
            change.setString(1, tenant.value());
            change.setArray(2, expected);
            change.setString(3, db(target));
            change.setString(4, reason);
            change.setObject(5, purgeAfter);
            try (ResultSet result = change.executeQuery()) {
                if (!result.next()) {
                    throw ProblemException.notFound("tenant");
                }
                moved = result.getBoolean(1);
                after = result.getString(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the tenant's status", e);
        } finally {
            forget(tenant);
        }
        if (!moved) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "the tenant is " + after + "; it cannot become " + db(target) + " from there");
        }
    }

    /** The tenant's status now, read afresh (this instance's cache dropped first); empty when it is not registered. */
    public Optional<TenantStatus> current(TenantId tenant) {
        forget(tenant);
        return registry.registration(tenant).map(TenantRegistry.Registration::status);
    }

    /** Drops this instance's cached registry entries of the tenant (others expire within {@link TenantRegistry#TTL}). */
    public void forget(TenantId tenant) {
        directory.forget(tenant);
        registry.forget(tenant);
    }

    static String db(TenantStatus status) {
        return status.name().toLowerCase();
    }
}
