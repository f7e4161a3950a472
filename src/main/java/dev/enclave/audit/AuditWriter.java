package dev.enclave.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;

/**
 * Writes the audit records of the request path off that path: a request queues its record (a bounded queue) and
 * goes on; one thread drains the queue through its own connection (datasource {@code audit}, one connection), so a
 * request that holds a pooled connection never waits for a second one, and a flood of denials cannot take the
 * pool from the other tenants. Cross-tenant lookups are also resolved here (which tenant owns the id), so a request
 * with a foreign id does exactly what one with an unknown id does. A failed write is retried, not dropped; the
 * queue is drained on shutdown.
 */
@ApplicationScoped
public class AuditWriter {

    private static final Logger LOG = Logger.getLogger(AuditWriter.class);
    private static final int BATCH = 256;
    private static final String INSERT = "insert into audit_log (occurred_at, actor, actor_tenant, target_tenant, resource,"
            + " action, outcome, reason, request_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** What is queued: a record, or a cross-tenant check that becomes a record when the id is another tenant's. */
    sealed interface Pending {
        AuditEntry entry();
    }

    record Write(AuditEntry entry) implements Pending {
    }

    record CrossTenant(String kind, UUID id, AuditEntry entry) implements Pending {
    }

    private final AgroalDataSource dataSource;
    private final CrossTenantProbe probe;
    private final MeterRegistry metrics;
    private final AuditConfig config;
    private final BlockingQueue<Pending> queue;
    private final Object progress = new Object();
    private long queued;
    private long done;
    private volatile boolean running = true;
    private Thread thread;

    AuditWriter(@io.quarkus.agroal.DataSource("audit") AgroalDataSource dataSource, CrossTenantProbe probe,
            MeterRegistry metrics, AuditConfig config) {
        this.dataSource = dataSource;
        this.probe = probe;
        this.metrics = metrics;
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        metrics.gaugeCollectionSize("enclave.audit.queued", io.micrometer.core.instrument.Tags.empty(), queue);
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes what is queued before the application stops (its datasource is still open then). */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
            if (!queue.isEmpty()) {
                LOG.errorf("audit writer stopped with %d records unwritten", queue.size());
            }
        }
    }

    /** Queues a record; 503 when the writer is so far behind that it cannot take it in time (fail closed). */
    void submit(Pending pending) {
        try {
            if (!running || !queue.offer(pending, config.queueMaxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw refused();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused();
        }
        synchronized (progress) {
            queued++;
        }
    }

    /** Waits until everything queued before this call is written; false when that took longer than {@code max}. */
    public boolean flush(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (progress) {
            long target = queued;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (progress) {
                done += batch.size();
                progress.notifyAll();
            }
            batch.clear();
        }
    }

    /** Retries with backoff while the database is away; records are only given up once stopping and still failing. */
    private void writeUntilDone(List<Pending> batch) throws InterruptedException {
        long backoff = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running && attempt >= 3) {
                    batch.forEach(p -> LOG.errorf("audit record lost at shutdown: %s", p));
                    return;
                }
                LOG.warnf("audit write failed (attempt %d, %d records), retrying: %s", attempt, batch.size(), e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void write(List<Pending> batch) throws SQLException {
        List<AuditEntry> written = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Pending pending : batch) {
                    Optional<AuditEntry> entry = resolve(connection, pending);
                    if (entry.isEmpty()) {
                        continue;
                    }
                    bind(insert, entry.get());
                    insert.addBatch();
                    written.add(entry.get());
                }
                if (!written.isEmpty()) {
                    insert.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        written.forEach(this::written);
    }

    /** A cross-tenant check is a record only when the id belongs to a tenant other than the actor's. */
    private Optional<AuditEntry> resolve(Connection connection, Pending pending) throws SQLException {
        if (pending instanceof CrossTenant check) {
            return probe.ownerOf(connection, check.kind(), check.id()).map(TenantId::value)
                    .filter(owner -> !owner.equals(check.entry().actorTenant()))
                    .map(owner -> check.entry().withTarget(owner));
        }
        return Optional.of(pending.entry());
    }

    private static void bind(PreparedStatement insert, AuditEntry e) throws SQLException {
        insert.setObject(1, e.occurredAt());
        insert.setString(2, e.actor());
        insert.setString(3, e.actorTenant());
        insert.setString(4, e.targetTenant());
        insert.setString(5, e.resource());
        insert.setString(6, e.action());
        insert.setString(7, e.outcome().json());
        insert.setString(8, e.reason());
        insert.setString(9, e.requestId());
    }

    private void written(AuditEntry e) {
        AuditLog.logged(e);
        if (e.outcome() == AuditOutcome.DENIED) {
            AuditLog.countDenial(metrics, e.reason());
        }
    }

    private static RetryLaterException refused() {
        return new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, "the audit log cannot take the record now; try again shortly",
                Duration.ofSeconds(1));
    }
}
