package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import dev.enclave.tenancy.TenantId;

/**
 * Test hook: when armed, spoils the copy in the target once, before the comparison it is armed for: the full one
 * before the pause (one document's title changed: same count, other values) or the one inside the pause (one
 * document deleted: another count).
 */
@Singleton
public class TamperingHook implements MoveHook {

    enum Armed {
        BEFORE_PAUSE, IN_PAUSE
    }

    static final AtomicReference<Armed> ARMED = new AtomicReference<>();

    @Override
    public void beforeVerify(TenantId tenant, String target, boolean paused) {
        Armed stage = paused ? Armed.IN_PAUSE : Armed.BEFORE_PAUSE;
        if (!ARMED.compareAndSet(stage, null)) {
            return;
        }
        String spoil = paused
                ? "delete from documents where tenant_id = ? and id = (select id from documents where tenant_id = ? limit 1)"
                : "update documents set title = 'tampered' where tenant_id = ? and id = (select id from documents where tenant_id = ? limit 1)";
        try (Connection owner = MoveDatabases.asOwner(); PreparedStatement tamper = owner.prepareStatement(spoil)) {
            owner.createStatement().execute("select set_config('app.tenant_id', '" + tenant.value() + "', false)");
            owner.createStatement().execute("select set_config('app.purge_tenant', '" + tenant.value() + "', false)");
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
