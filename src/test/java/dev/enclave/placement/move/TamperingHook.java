package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Singleton;

import dev.enclave.tenancy.TenantId;

/** Test hook: when armed, alters one copied document in the target before the cut-over verifies it (once). */
@Singleton
public class TamperingHook implements MoveHook {

    static final AtomicBoolean ARMED = new AtomicBoolean();

    @Override
    public void beforeVerify(TenantId tenant, String target) {
        if (!ARMED.getAndSet(false)) {
            return;
        }
        try (Connection owner = MoveDatabases.asOwner();
                PreparedStatement tamper = owner.prepareStatement("""
                        update documents set title = 'tampered' where tenant_id = ? and id = (select id from documents where tenant_id = ? limit 1)""")) {
            owner.createStatement().execute("select set_config('app.tenant_id', '" + tenant.value() + "', false)");
            tamper.setString(1, tenant.value());
            tamper.setString(2, tenant.value());
            if (tamper.executeUpdate() != 1) {
                throw new IllegalStateException("nothing to tamper with in " + target);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
