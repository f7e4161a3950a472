package dev.enclave.offboarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantLifecycle;

/**
 * {@link TenantLifecycle#move} with a lock on the tenant's status taken first (a transaction-scoped advisory lock: the
 * pool's role may not lock registry rows), in the caller's transaction: {@code
 * change_tenant_status} answers the status the tenant has, which equals the target when the tenant was already there,
 * so {@code move} alone cannot tell "moved" from "another instance moved it first". Here the second of two racing
 * callers waits for the first to commit, then sees the new status and gets 409 (one purge job per tenant, not two).
 */
@ApplicationScoped
class Transitions {

    private final DataSource dataSource;
    private final TenantLifecycle lifecycle;

    Transitions(DataSource dataSource, TenantLifecycle lifecycle) {
        this.dataSource = dataSource;
        this.lifecycle = lifecycle;
    }

    /** @throws ProblemException 404 for an unknown tenant, 409 when it is not in one of {@code from} */
    @Transactional
    void move(TenantId tenant, Set<TenantStatus> from, TenantStatus target, String reason, OffsetDateTime purgeAfter) {
        String current = locked(tenant);
        if (current == null) {
            throw ProblemException.notFound("tenant");
        }
        if (from.stream().noneMatch(status -> status.name().equalsIgnoreCase(current))) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "the tenant is " + current + "; it cannot become " + target.name().toLowerCase() + " from there");
        }
        lifecycle.move(tenant, from, target, reason, purgeAfter);
    }

    /**
     * The lock first, then the status in a statement of its own: a statement's snapshot is taken when it starts, so
     * one that waited for the lock would still see the status from before the other caller's commit.
     */
    private String locked(TenantId tenant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext('tenant-status:' || ?))");
                PreparedStatement query = connection.prepareStatement("select status from tenants where id = ?")) {
            lock.setString(1, tenant.value());
            lock.execute();
            query.setString(1, tenant.value());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tenant's status: " + e.getMessage(), e);
        }
    }
}
