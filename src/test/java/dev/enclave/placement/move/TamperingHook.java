package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.enclave.tenancy.TenantId;

/**
 * Test hook: when armed, spoils one copied document in the target once, before the comparison it is armed for: the
 * full one before the pause (any document) or the one inside it (a document written since the full one: the rows
 * that comparison covers).
 */
@Singleton
public class TamperingHook implements MoveHook {

    enum Armed {
        BEFORE_PAUSE, IN_PAUSE
    }

    static final AtomicReference<Armed> ARMED = new AtomicReference<>();

    @Override
    public void beforeVerify(TenantId tenant, String target, Map<String, Set<String>> changedKeys) {
        Armed stage = changedKeys == null ? Armed.BEFORE_PAUSE : Armed.IN_PAUSE;
        if (!ARMED.compareAndSet(stage, null)) {
            return;
        }
        try (Connection owner = MoveDatabases.asOwner();
                PreparedStatement tamper = owner.prepareStatement("update documents set title = 'tampered' where tenant_id = ? and id = ?::uuid")) {
            owner.createStatement().execute("select set_config('app.tenant_id', '" + tenant.value() + "', false)");
            tamper.setString(1, tenant.value());
            tamper.setString(2, changedKeys == null ? anyDocument(owner, tenant) : changedDocument(changedKeys));
            if (tamper.executeUpdate() != 1) {
                throw new IllegalStateException("nothing to tamper with in " + target);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String anyDocument(Connection owner, TenantId tenant) throws SQLException {
        try (PreparedStatement query = owner.prepareStatement("select id::text from documents where tenant_id = ? limit 1")) {
            query.setString(1, tenant.value());
            try (var row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static String changedDocument(Map<String, Set<String>> changedKeys) {
        Set<String> documents = changedKeys.getOrDefault("documents", Set.of());
        if (documents.isEmpty()) {
            throw new IllegalStateException("no document written since the full comparison");
        }
        try {
            return new ObjectMapper().readTree(documents.iterator().next()).path("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
