package dev.enclave.placement.move;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.logging.Logger;

import dev.enclave.jobs.JobContext;
import dev.enclave.jobs.JobFailedException;
import dev.enclave.jobs.JobHandler;
import dev.enclave.placement.Placement;
import dev.enclave.placement.PlacementDirectory;
import dev.enclave.placement.PlacementPools;
import dev.enclave.search.SearchPlacementMoves;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantLifecycle;

/**
 * The online move of a tenant's rows to another database (job kind {@value #KIND}; params {@code database} and
 * optionally {@code search}). Steps, saved as the job's progress:
 * <ol>
 * <li>{@code capture}: the source records the keys of the tenant's writes (tenant_moves 'capturing', V65); the
 * target gets the tenant's registry row and loses any stale guard state or rows of the tenant.</li>
 * <li>{@code copy}: one REPEATABLE READ snapshot of the source, table by table in foreign-key order, in batches.</li>
 * <li>{@code catch-up}: the recorded keys replayed until a round is small; then one round that also compares counts
 * and hashes of every table on both sides (the source in the round's snapshot), and one more for the rows written
 * meanwhile.</li>
 * <li>{@code cut-over}, the write pause: the relay's lock and the move lock of the tenant taken in the source
 * (in-flight writes finish, new ones wait), 'fenced' committed, a last catch-up, the counts and hashes of the rows
 * changed since the full comparison compared on both sides (every write is recorded while the move captures, so
 * these are all the rows that can differ), the target's outbox sequence advanced, the directory switched, 'moved'
 * set, the locks released (the relay's only after {@link MoveConfig#relayHold()}).</li>
 * <li>{@code cleanup}: the tenant's rows deleted from the source; its search documents moved when asked.</li>
 * </ol>
 * Any failure before the switch rolls back: the target's rows of the tenant deleted, the source's guard state
 * dropped (writes resume there), the tenant active again, the job failed with the reason. Nothing is lost: the
 * source kept every write until then. After a crash the rule is simple: if the directory names the target the
 * switch happened and the cleanup is finished; otherwise the partial move is rolled back and started again.
 */
@ApplicationScoped
public class TenantMoveJob implements JobHandler {

    public static final String KIND = "tenant-move";

    private static final Logger LOG = Logger.getLogger(TenantMoveJob.class);
    private static final String CAPTURE = "capture";
    private static final String COPY = "copy";
    private static final String CATCH_UP = "catch-up";
    private static final String CUT_OVER = "cut-over";
    private static final String SWITCHED = "switched";
    private static final String CLEANUP = "cleanup";

    /** The source and its cut-over numbers, carried from the cut-over to the result. */
    private record CutOver(long pauseMs, long replayed) {
    }

    private final PlacementPools pools;
    private final PlacementDirectory directory;
    private final DataSource shared;
    private final TenantScope scope;
    private final TenantLifecycle lifecycle;
    private final SearchPlacementMoves search;
    private final MoveConfig config;
    private final ObjectMapper json;
    private final Instance<MoveHook> hooks;

    TenantMoveJob(PlacementPools pools, PlacementDirectory directory, DataSource shared, TenantScope scope,
            TenantLifecycle lifecycle, SearchPlacementMoves search, MoveConfig config, ObjectMapper json, Instance<MoveHook> hooks) {
        this.pools = pools;
        this.directory = directory;
        this.shared = shared;
        this.scope = scope;
        this.lifecycle = lifecycle;
        this.search = search;
        this.config = config;
        this.json = json;
        this.hooks = hooks;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JsonNode run(JobContext job) throws Exception {
        TenantId tenant = job.tenant();
        String target = job.params().path("database").asText();
        long started = System.nanoTime();
        Optional<String> step = job.step();
        if (step.isPresent()) {
            String source = job.checkpoint().orElseThrow(() -> new JobFailedException("no source recorded"));
            if (registeredPlacement(tenant).equals(target)) {
                LOG.infof("move of %s to %s resumed after the switch (step %s): finishing the cleanup", tenant, target, step.get());
                return finish(job, tenant, source, target, new CutOver(-1, 0), Map.of(), 0, started);
            }
            LOG.infof("move of %s to %s resumed before the switch (step %s): rolled back, then started again", tenant, target, step.get());
            rollback(tenant, source, target);
        }
        String source = registeredPlacement(tenant);
        if (source.equals(target)) {
            activeAgain(tenant);
            throw new JobFailedException("the tenant's rows are in " + target + " already");
        }
        try {
            return move(job, tenant, source, target, started);
        } catch (JobContext.LeaseLostException e) {
            throw e; // another instance resumes the job from its checkpoint
        } catch (Exception e) {
            if (registeredPlacement(tenant).equals(target)) {
                throw e; // switched: the cleanup is retried (resumed from the checkpoint)
            }
            String why = e instanceof MoveAbortedException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warnf("move of %s from %s to %s rolled back: %s", tenant, source, target, why);
            rollback(tenant, source, target);
            activeAgain(tenant);
            throw new JobFailedException("rolled back, the tenant's rows stay in " + source + ": " + why);
        }
    }

    private JsonNode move(JobContext job, TenantId tenant, String source, String target, long started) throws Exception {
        job.progress(CAPTURE, source, 0, null);
        if (!Placement.SHARED.equals(target)) {
            pools.copyRegistration(tenant, target);
        }
        List<TenantTable> tables;
        try (Connection owner = pools.owner(target).getConnection()) {
            MoveFence.clear(owner, tenant);
            tables = TenantTable.read(owner);
            MoveFence.deleteRows(owner, tenant, tables, config.batchSize(), pace()); // a partial copy of an earlier attempt
        }
        try (Connection owner = pools.owner(source).getConnection()) {
            MoveFence.capture(owner, tenant, job.id());
        }

        Map<String, Long> copied = new LinkedHashMap<>();
        asTenant(tenant, () -> {
            try (Connection from = pools.app(source).getConnection(); Connection to = writer(target, tenant)) {
                from.setAutoCommit(false);
                from.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                from.setReadOnly(true);
                try {
                    long[] total = {0};
                    RowPace pace = pace();
                    for (TenantTable table : tables) {
                        long before = total[0];
                        long rows = TenantCopy.copy(from, to, table, config.batchSize(), done -> {
                            if ((done / config.batchSize()) % 10 == 0) {
                                job.progress(COPY, source, before + done, null);
                            }
                            pace.await(before + done);
                        });
                        total[0] += rows;
                        copied.put(table.name(), rows);
                        job.progress(COPY, source, total[0], null);
                    }
                    from.commit();
                } finally {
                    from.rollback();
                    from.setReadOnly(false);
                    from.setAutoCommit(true);
                }
            }
            return null;
        });

        int rounds = 0;
        long replayed = 0;
        while (rounds < config.maxCatchUpRounds()) {
            int round = replay(tenant, source, target, tables, false).changes();
            rounds++;
            replayed += round;
            job.progress(CATCH_UP, source, replayed, null);
            if (round <= config.cutOverBacklog()) {
                break;
            }
        }
        replayed += verifiedRound(tenant, source, target, tables);
        // the rows written while the comparison ran, replayed before the pause so that its catch-up is short; their
        // keys are compared inside the pause with those of its own catch-up
        Map<String, Set<String>> changedSince = new HashMap<>();
        TenantCopy.Round quick = replay(tenant, source, target, tables, false);
        quick.addKeysTo(changedSince);
        replayed += quick.changes();
        rounds += 2;
        job.progress(CATCH_UP, source, replayed, null);
        CutOver cutOver = cutOver(job, tenant, source, target, tables, changedSince);
        return finish(job, tenant, source, target, new CutOver(cutOver.pauseMs(), replayed + cutOver.replayed()), copied, rounds, started);
    }

    private CutOver cutOver(JobContext job, TenantId tenant, String source, String target, List<TenantTable> tables,
            Map<String, Set<String>> changedSince) throws Exception {
        // both owner connections opened before the pause (the owner's are not pooled): none is set up inside it
        try (Connection lock = pools.owner(source).getConnection(); Connection to = writer(target, tenant)) {
            MoveFence.lockRelay(lock, tenant, config.relayWait());
            long pauseStarted = System.nanoTime();
            boolean switched = false;
            try {
                MoveFence.lockWrites(lock, tenant, config.pauseBound());
                long locked = System.nanoTime();
                MoveFence.state(lock, tenant, "fenced");
                TenantCopy.Round last = asTenant(tenant, () -> {
                    try (Connection from = pools.app(source).getConnection()) {
                        return TenantCopy.catchUp(from, to, tables, false);
                    }
                });
                last.addKeysTo(changedSince);
                long caughtUp = System.nanoTime();
                hooks.stream().forEach(hook -> hook.beforeVerify(tenant, target, changedSince));
                verify(tenant, source, target, connection -> TenantDigest.ofChanged(connection, tables, changedSince));
                long verified = System.nanoTime();
                long pauseMs = (System.nanoTime() - pauseStarted) / 1_000_000;
                if (pauseMs > config.pauseBound().toMillis()) {
                    throw new MoveAbortedException("the write pause took " + pauseMs + " ms, over its bound of "
                            + config.pauseBound().toMillis() + " ms");
                }
                MoveFence.advanceOutboxSequence(to);
                job.progress(CUT_OVER, source, 0, null);
                switched = true; // from here on a failure is resolved by the directory's answer, never by a rollback
                if (!directory.switchCopied(tenant, target)) { // the target got its registry copy at the capture
                    throw new IllegalStateException("the tenant is no longer registered");
                }
                MoveFence.state(lock, tenant, "moved");
                MoveFence.unlockWrites(lock, tenant);
                pauseMs = (System.nanoTime() - pauseStarted) / 1_000_000;
                job.progress(SWITCHED, source, 0, null);
                LOG.infof("move of %s from %s to %s switched after a write pause of %d ms (writes in flight %d ms, last catch-up %d ms"
                        + " for %d changes, comparison %d ms, switch %d ms)", tenant, source, target, pauseMs, millis(pauseStarted, locked),
                        millis(locked, caughtUp), last.changes(), millis(caughtUp, verified), millis(verified, System.nanoTime()));
                Thread.sleep(config.relayHold().toMillis()); // stale instances cannot publish from the source meanwhile
                return new CutOver(pauseMs, last.changes());
            } catch (Exception e) {
                if (!switched) {
                    MoveFence.clear(lock, tenant); // before the locks go: the writers waiting resume in the source
                }
                throw e;
            } finally {
                MoveFence.unlockAll(lock);
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().equals("55P03")) {
                throw new MoveAbortedException("the tenant's writes in flight did not finish within the pause's bound", e);
            }
            throw e;
        }
    }

    /**
     * The last round before the pause, which also compares everything: the source's rows in the round's snapshot
     * against the target's after it. The pause then only compares the rows changed since (every change is recorded),
     * so its length does not grow with the tenant's size.
     */
    private int verifiedRound(TenantId tenant, String source, String target, List<TenantTable> tables) {
        TenantCopy.Round round = replay(tenant, source, target, tables, true);
        hooks.stream().forEach(hook -> hook.beforeVerify(tenant, target, null));
        Map<String, TenantDigest> copied = digest(tenant, target, connection -> TenantDigest.of(connection, tables));
        TenantDigest.difference(round.sourceDigest(), copied).ifPresent(difference -> {
            throw new MoveAbortedException("verification failed, " + difference);
        });
        return round.changes();
    }

    /** Both sides' digests, taken in parallel; a difference aborts the move. */
    private void verify(TenantId tenant, String source, String target, SqlFunction<Map<String, TenantDigest>> digests) {
        CompletableFuture<Map<String, TenantDigest>> there = CompletableFuture.supplyAsync(() -> digest(tenant, target, digests));
        Map<String, TenantDigest> here = digest(tenant, source, digests);
        Map<String, TenantDigest> copied;
        try {
            copied = there.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        TenantDigest.difference(here, copied).ifPresent(difference -> {
            throw new MoveAbortedException("verification failed, " + difference);
        });
    }

    private Map<String, TenantDigest> digest(TenantId tenant, String placement, SqlFunction<Map<String, TenantDigest>> digests) {
        return asTenant(tenant, () -> {
            try (Connection connection = pools.app(placement).getConnection()) {
                return digests.apply(connection);
            }
        });
    }

    private TenantCopy.Round replay(TenantId tenant, String source, String target, List<TenantTable> tables, boolean digest) {
        return asTenant(tenant, () -> {
            try (Connection from = pools.app(source).getConnection(); Connection to = writer(target, tenant)) {
                return TenantCopy.catchUp(from, to, tables, digest);
            }
        });
    }

    private JsonNode finish(JobContext job, TenantId tenant, String source, String target, CutOver cutOver,
            Map<String, Long> copied, int rounds, long started) throws Exception {
        job.progress(CLEANUP, source, 0, null);
        activeAgain(tenant);
        long deleted;
        try (Connection owner = pools.owner(source).getConnection()) {
            MoveFence.state(owner, tenant, "moved");
            List<TenantTable> tables = TenantTable.read(owner);
            deleted = MoveFence.deleteRows(owner, tenant, tables, config.batchSize(), pace());
        }
        String searchPlacement = job.params().path("search").asText(null);
        if (searchPlacement != null) {
            search.move(tenant.value(), searchPlacement);
        }
        job.progress(CLEANUP, source, deleted, deleted);
        // What the move did, as the job's result (after a resumed cleanup: no copy or pause figures, -1).
        ObjectNode result = json.createObjectNode().put("from", source).put("to", target);
        ObjectNode rows = result.putObject("rows");
        copied.forEach(rows::put);
        result.put("catchUpRounds", rounds).put("changesReplayed", cutOver.replayed()).put("pauseMs", cutOver.pauseMs())
                .put("totalMs", (System.nanoTime() - started) / 1_000_000).put("deletedFromSource", deleted)
                .put("search", searchPlacement);
        LOG.infof("move of %s done: %s", tenant, result);
        return result;
    }

    /** Back to the source: the target's rows of the tenant deleted, the source's guard state dropped. */
    private void rollback(TenantId tenant, String source, String target) throws SQLException {
        try (Connection owner = pools.owner(target).getConnection()) {
            MoveFence.deleteRows(owner, tenant, TenantTable.read(owner), config.batchSize(), pace());
        }
        try (Connection owner = pools.owner(source).getConnection()) {
            MoveFence.clear(owner, tenant);
        }
    }

    private void activeAgain(TenantId tenant) {
        if (lifecycle.current(tenant).orElse(null) == TenantStatus.MIGRATING) {
            lifecycle.move(tenant, EnumSet.of(TenantStatus.MIGRATING), TenantStatus.ACTIVE, null, null);
        }
    }

    /** The tenant's placement in the registry, read afresh (this instance's cached entry dropped first). */
    private String registeredPlacement(TenantId tenant) throws SQLException {
        try (Connection connection = shared.getConnection();
                PreparedStatement query = connection.prepareStatement("select db_placement from tenants where id = ?")) {
            query.setString(1, tenant.value());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new JobFailedException("the tenant is not registered");
                }
                return row.getString(1);
            }
        }
    }

    /**
     * The target's side of the copy: the schema owner as the tenant. The application role may not update or delete
     * every tenant table (activity entries, processed events... are append-only for it), and the copy must; RLS still
     * limits the owner to the tenant's rows (tenant_isolation and owner_purge, both set to the tenant).
     */
    private Connection writer(String target, TenantId tenant) throws SQLException {
        Connection owner = pools.owner(target).getConnection();
        try (PreparedStatement as = owner.prepareStatement(
                "select set_config('app.tenant_id', ?, false), set_config('app.purge_tenant', ?, false)")) {
            as.setString(1, tenant.value());
            as.setString(2, tenant.value());
            as.execute();
            return owner;
        } catch (SQLException e) {
            owner.close();
            throw e;
        }
    }

    /** The copy's and the deletes' pace: rows per second from now. */
    private RowPace pace() {
        return new RowPace(config.copyRowsPerSecond());
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Work on connections of the application role scoped to the tenant (RLS on every side). */
    private <T> T asTenant(TenantId tenant, SqlWork<T> work) {
        return scope.runAs(tenant, () -> {
            try {
                return work.run();
            } catch (SQLException e) {
                throw new MoveAbortedException("database: " + e.getMessage(), e);
            }
        });
    }
}
