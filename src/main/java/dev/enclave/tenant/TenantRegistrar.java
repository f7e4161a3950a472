package dev.enclave.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * Registers a new tenant as {@code provisioning} through {@code register_tenant} (V63), the owner's function that
 * decides whether the id is free (no tenant has it, or its tenant was purged and the receipt exists): the one
 * place two concurrent registrations of one id are told apart.
 */
@ApplicationScoped
public class TenantRegistrar {

    private final DataSource dataSource;
    private final TenantLifecycle lifecycle;

    TenantRegistrar(DataSource dataSource, TenantLifecycle lifecycle) {
        this.dataSource = dataSource;
        this.lifecycle = lifecycle;
    }

    /** @throws ProblemException 409 naming the status of the tenant that holds the id */
    public void register(TenantId tenant, String name, String plan, String region, String searchPlacement) {
        String answer;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement register = connection.prepareStatement("select register_tenant(?, ?, ?, ?, ?)")) {
            register.setString(1, tenant.value());
            register.setString(2, name);
            register.setString(3, plan);
            register.setString(4, region);
            register.setString(5, searchPlacement);
            try (ResultSet result = register.executeQuery()) {
                result.next();
                answer = result.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not register the tenant", e);
        } finally {
            lifecycle.forget(tenant); // "not registered" may be cached here
        }
        if (!"registered".equals(answer)) {
            throw new ProblemException(ProblemType.CONFLICT, "the id '" + tenant.value() + "' is taken (its tenant is " + answer + ")");
        }
    }
}
