package dev.enclave.offboarding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;

/**
 * Every instance looks, every {@link OffboardingConfig#checkEvery()}, for offboarded tenants whose grace ended, and
 * starts their purge. Instances may find the same tenant: {@link Purges#start} lets exactly one of them move it to
 * purging (and queue the job); the others get a 409 and move on.
 */
@ApplicationScoped
class PurgeTrigger {

    private static final Logger LOG = Logger.getLogger(PurgeTrigger.class);
    private static final String DUE = """
            select id, status_reason from tenants where status = 'offboarding' and purge_after <= now() order by purge_after limit 100""";

    private final DataSource dataSource;
    private final Purges purges;
    private final OffboardingConfig config;
    private ScheduledExecutorService timer;

    PurgeTrigger(DataSource dataSource, Purges purges, OffboardingConfig config) {
        this.dataSource = dataSource;
        this.purges = purges;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "enclave-purge-trigger");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.checkEvery().toMillis();
        timer.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warnf("offboarded tenants not checked (again at the next look): %s", e.getMessage());
        }
    }

    /** Starts the purge of every tenant whose grace ended; answers how many this instance started. */
    int check() {
        int started = 0;
        for (Map.Entry<TenantId, String> due : due().entrySet()) {
            TenantId tenant = due.getKey();
            try {
                purges.start(tenant, "grace period ended; offboarded: " + due.getValue());
                LOG.infof("purge of tenant %s started: its grace period ended", tenant);
                started++;
            } catch (ProblemException e) {
                if (e.type() != ProblemType.CONFLICT && e.type() != ProblemType.NOT_FOUND) {
                    throw e;
                }
                // another instance started it first, or an operator cancelled it meanwhile
            }
        }
        return started;
    }

    /** Tenants whose grace ended, with the reason they were offboarded for. */
    private Map<TenantId, String> due() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(DUE);
                ResultSet rows = query.executeQuery()) {
            Map<TenantId, String> tenants = new LinkedHashMap<>();
            while (rows.next()) {
                tenants.put(new TenantId(rows.getString(1)), rows.getString(2));
            }
            return tenants;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read offboarded tenants: " + e.getMessage(), e);
        }
    }
}
