package dev.enclave.placement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jboss.logging.Logger;

/**
 * Migrations in waves: the shared database first (it holds the directory), then every registered placement that is
 * not retired, each with the same scripts, as the schema owner. Each placement's outcome is recorded in db_placements
 * (status, schema_version, detail): a placement whose migration fails becomes {@code failed} with the error as its
 * detail and is no longer served, and the others go on. Running again resumes (Flyway applies what is missing).
 * A placement with migrations pending is {@code migrating} (not served) while they run; one already up to date keeps
 * serving. Runs right after Quarkus migrated the shared database ({@code quarkus.flyway.migrate-at-start}: tests, the
 * local stack, the production migrate Job; SharedMigrationHook), and on POST /admin/v1/placements/migrate.
 */
@ApplicationScoped
public class PlacementMigrations {

    private static final Logger LOG = Logger.getLogger(PlacementMigrations.class);

    /** One placement's migration: its status afterwards, its schema version, and the error when it failed. */
    public record Outcome(String placement, PlacementStatus status, String schemaVersion, int applied, String detail) {
    }

    private final Flyway shared;
    private final PlacementPools pools;
    private final PlacementCatalog catalog;
    /** Migrations this thread is running now: Flyway's callback (SharedMigrationHook) fires on them too. */
    private final ThreadLocal<Integer> running = ThreadLocal.withInitial(() -> 0);

    PlacementMigrations(Flyway shared, PlacementPools pools, PlacementCatalog catalog) {
        this.shared = shared;
        this.pools = pools;
        this.catalog = catalog;
    }

    /** After Quarkus migrated the shared database (SharedMigrationHook): the wave of the dedicated placements. */
    void afterSharedMigrated() {
        if (running.get() > 0) {
            return; // our own migration of a placement (or of shared, in migrateAll) fired the callback
        }
        migrateAll(false).forEach(outcome -> LOG.infof("placement %s: %s at schema %s (%d applied)%s", outcome.placement(),
                outcome.status().db(), outcome.schemaVersion(), outcome.applied(),
                outcome.detail() == null ? "" : ": " + outcome.detail()));
    }

    /** Every placement in waves; {@code includingShared}: migrate the shared database first (else only record it). */
    public List<Outcome> migrateAll(boolean includingShared) {
        running.set(running.get() + 1);
        try {
            return wave(includingShared);
        } finally {
            running.set(running.get() - 1);
        }
    }

    private List<Outcome> wave(boolean includingShared) {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(migrate(Placement.SHARED, includingShared ? shared : null));
        if (outcomes.get(0).status() == PlacementStatus.FAILED) {
            return outcomes; // the directory itself may be behind: no wave goes on without it
        }
        catalog.forget();
        for (Placement placement : catalog.all()) {
            if (!placement.shared() && placement.status() != PlacementStatus.RETIRED) {
                outcomes.add(migrate(placement.name()));
            }
        }
        return outcomes;
    }

    /** One dedicated placement (after its registration, or to resume it). */
    public Outcome migrate(String placement) {
        running.set(running.get() + 1);
        try {
            return migrate(placement, flywayOf(placement));
        } catch (RuntimeException e) {
            return failed(placement, e, null);
        } finally {
            running.set(running.get() - 1);
        }
    }

    private Outcome migrate(String placement, Flyway flyway) {
        try {
            int applied = 0;
            Flyway reader = flyway == null ? shared : flyway;
            if (flyway != null) {
                if (reader.info().pending().length > 0) {
                    record(placement, PlacementStatus.MIGRATING, null, null);
                    pools.close(placement);
                }
                applied = flyway.migrate().migrationsExecuted;
            }
            String version = version(reader);
            record(placement, PlacementStatus.SERVING, version, null);
            if (applied > 0) {
                pools.close(placement); // the next use runs the guard against the new schema
            }
            return new Outcome(placement, PlacementStatus.SERVING, version, applied, null);
        } catch (RuntimeException e) {
            return failed(placement, e, flyway == null ? null : versionOrNull(flyway));
        }
    }

    /** @param version what the placement has applied (the migrations before the failing one stay applied), if known */
    private Outcome failed(String placement, RuntimeException e, String version) {
        String detail = detailOf(e);
        LOG.errorf("placement %s: migration failed at schema %s, not served: %s", placement, version, detail);
        pools.close(placement);
        try {
            record(placement, PlacementStatus.FAILED, version, detail);
        } catch (RuntimeException again) {
            LOG.errorf("placement %s: could not record the failed migration: %s", placement, again.getMessage());
        }
        return new Outcome(placement, PlacementStatus.FAILED, version, 0, detail);
    }

    private static String versionOrNull(Flyway flyway) {
        try {
            return version(flyway);
        } catch (RuntimeException unreachable) {
            return null;
        }
    }

    /** The same scripts and settings as the shared database's Flyway; the dev tenants are seeded in shared only. */
    private Flyway flywayOf(String placement) {
        Map<String, String> placeholders = new HashMap<>(shared.getConfiguration().getPlaceholders());
        placeholders.put("seed_dev_tenants", "false");
        return Flyway.configure(Thread.currentThread().getContextClassLoader())
                .configuration(shared.getConfiguration())
                .dataSource(pools.owner(placement))
                .placeholders(placeholders)
                .cleanDisabled(true)
                .load();
    }

    private static String version(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
    }

    /** Written as the owner on the shared database (the application role only reads db_placements). */
    private void record(String placement, PlacementStatus status, String version, String detail) {
        try (Connection connection = pools.owner(Placement.SHARED).getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        update db_placements set status = ?, schema_version = coalesce(?, schema_version), detail = ?,
                               updated_at = now()
                         where name = ?""")) {
            update.setString(1, status.db());
            update.setString(2, version);
            update.setString(3, detail);
            update.setString(4, placement);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record placement " + placement + " as " + status.db(), e);
        } finally {
            catalog.forget();
        }
    }

    /** The first line of each cause, up to the root: enough to act on, no stack trace. */
    static String detailOf(Throwable e) {
        StringBuilder detail = new StringBuilder();
        for (Throwable t = e; t != null && detail.length() < 1500; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty()
                    && !l.startsWith("-") && !l.startsWith("at ")).limit(4).reduce((a, b) -> a + " " + b).orElse(t.getClass().getSimpleName());
            if (detail.indexOf(message) < 0) {
                detail.append(detail.length() == 0 ? "" : " <- ").append(message);
            }
        }
        return detail.length() > 1500 ? detail.substring(0, 1500) : detail.toString();
    }
}
