package dev.enclave.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.enclave.document.DocumentReader;
import dev.enclave.document.DocumentResponse;
import dev.enclave.limits.BackgroundWork;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantPlacements;
import dev.enclave.tenant.TenantView;

/**
 * Rebuilds the search projection from the database: one tenant in place, a new index generation behind an alias
 * (mapping changes), and moves between the shared index and a dedicated one.
 *
 * <p>The building block is a <em>sync pass</em> for one tenant into one index: every document read from the
 * database (inside the tenant, a page at a time) is written with its version ({@code external_gte}) and a
 * pass timestamp, then the tenant's live documents written before the pass started are removed: those are the ones
 * the database no longer has. Tombstones are kept (and copied into new indexes) so late old events stay refused.
 * Whenever the target becomes the live one (alias swap, placement change), a second pass runs afterwards: writes
 * that went to the old location in the meantime are in the database, so nothing written during a move is lost.
 *
 * <p>One maintenance operation at a time per instance (operators run them rarely); a second gets 409.
 */
@ApplicationScoped
class SearchRebuild {

    private static final Logger LOG = Logger.getLogger(SearchRebuild.class);

    /** What a tenant rebuild or move did. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record TenantReport(String tenant, String placement, String index, long indexed, long tombstonesCopied,
            long staleRemoved, long tookMs) {
    }

    /** What a shared-index rollout did. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record RolloutReport(String from, String to, int tenants, long indexed, long tookMs) {
    }

    private record Pass(long indexed, long staleRemoved) {
        Pass plus(Pass other) {
            return new Pass(indexed + other.indexed, staleRemoved + other.staleRemoved);
        }
    }

    private final TenantIndexBulk bulk;
    private final SearchIndexes indexes;
    private final DocumentReader reader;
    private final BackgroundWork work;
    private final TenantDirectory directory;
    private final TenantPlacements placements;
    private final SearchConfig config;
    private final ReentrantLock lock = new ReentrantLock();

    SearchRebuild(TenantIndexBulk bulk, SearchIndexes indexes, DocumentReader reader, BackgroundWork work,
            TenantDirectory directory, TenantPlacements placements, SearchConfig config) {
        this.bulk = bulk;
        this.indexes = indexes;
        this.reader = reader;
        this.work = work;
        this.directory = directory;
        this.placements = placements;
        this.config = config;
    }

    /** Rebuilds one tenant: in place in the shared index; as a new generation of a dedicated index. */
    TenantReport reindex(TenantId tenant) {
        return locked(() -> {
            long start = System.currentTimeMillis();
            Placement placement = placementOf(tenant);
            if (placement == Placement.SHARED) {
                String index = indexes.ensure(indexes.sharedAlias(), true);
                Pass pass = sync(tenant, index);
                return new TenantReport(tenant.value(), placement.dbValue(), index, pass.indexed, 0, pass.staleRemoved, since(start));
            }
            String alias = indexes.dedicatedAlias(tenant);
            Optional<String> old = indexes.current(alias);
            String next = indexes.next(alias);
            indexes.create(next, false);
            long tombstones = old.map(from -> copyTombstones(tenant, from, next)).orElse(0L);
            Pass pass = sync(tenant, next);
            indexes.swap(alias, old.orElse(null), next);
            // Writes that reached the old generation while this one was built: copy and re-read them.
            tombstones += old.map(from -> copyTombstones(tenant, from, next)).orElse(0L);
            pass = pass.plus(sync(tenant, next));
            old.ifPresent(indexes::delete);
            return new TenantReport(tenant.value(), placement.dbValue(), next, pass.indexed, tombstones, pass.staleRemoved, since(start));
        });
    }

    /**
     * Moves a tenant's documents between the shared index and its dedicated index: build the target, switch the
     * placement, wait until every instance reads the new placement, catch up from the database, then remove the
     * tenant from the old location. Searches answer from the old location until the switch, then from the new.
     */
    TenantReport move(TenantId tenant, Placement target) {
        return locked(() -> {
            long start = System.currentTimeMillis();
            Placement current = placementOf(tenant);
            String fromAlias = indexes.alias(tenant, current);
            Optional<String> fromIndex = indexes.current(fromAlias);
            String toIndex;
            if (target == Placement.DEDICATED) {
                String alias = indexes.dedicatedAlias(tenant);
                Optional<String> existing = indexes.current(alias);
                toIndex = existing.orElseGet(() -> indexes.ensure(alias, false));
            } else {
                toIndex = indexes.ensure(indexes.sharedAlias(), true);
            }
            if (current == target) {
                Pass pass = sync(tenant, toIndex);
                return new TenantReport(tenant.value(), target.dbValue(), toIndex, pass.indexed, 0, pass.staleRemoved, since(start));
            }
            long tombstones = fromIndex.map(from -> copyTombstones(tenant, from, toIndex)).orElse(0L);
            Pass pass = sync(tenant, toIndex);
            if (!placements.setSearchPlacement(tenant, target.dbValue())) {
                throw ProblemException.notFound("tenant");
            }
            sleep(config.placementSettle().toMillis());
            tombstones += fromIndex.map(from -> copyTombstones(tenant, from, toIndex)).orElse(0L);
            pass = pass.plus(sync(tenant, toIndex));
            if (current == Placement.DEDICATED) {
                fromIndex.ifPresent(indexes::delete);
            } else {
                fromIndex.ifPresent(from -> work.runNow(tenant, () -> bulk.purge(from)));
            }
            LOG.infof("search: tenant %s moved from %s to %s (%s)", tenant, current.dbValue(), target.dbValue(), toIndex);
            return new TenantReport(tenant.value(), target.dbValue(), toIndex, pass.indexed, tombstones, pass.staleRemoved, since(start));
        });
    }

    /**
     * Rolls the current index definition out to the shared index: build the next generation from the database for
     * every shared tenant, swap the alias atomically (searches answer from the old generation until then, from the
     * new one after), catch up, and delete the old generation.
     */
    RolloutReport rollout() {
        return locked(() -> {
            long start = System.currentTimeMillis();
            String alias = indexes.sharedAlias();
            Optional<String> old = indexes.current(alias);
            String next = indexes.next(alias);
            indexes.create(next, true);
            List<TenantId> tenants = sharedTenants();
            long indexed = 0;
            for (TenantId tenant : tenants) {
                old.ifPresent(from -> copyTombstones(tenant, from, next));
                indexed += sync(tenant, next).indexed;
            }
            indexes.swap(alias, old.orElse(null), next);
            List<TenantId> caughtUp = sharedTenants(); // tenants registered meanwhile included
            for (TenantId tenant : caughtUp) {
                old.ifPresent(from -> copyTombstones(tenant, from, next));
                indexed += sync(tenant, next).indexed;
            }
            old.ifPresent(indexes::delete);
            LOG.infof("search: shared index rolled out from %s to %s for %d tenants", old.orElse("(none)"), next, caughtUp.size());
            return new RolloutReport(old.orElse(null), next, caughtUp.size(), indexed, since(start));
        });
    }

    private Pass sync(TenantId tenant, String index) {
        long passStart = System.currentTimeMillis();
        return work.runNow(tenant, () -> {
            long indexed = 0;
            UUID after = null;
            while (true) {
                List<DocumentResponse> page = reader.pageAfter(after, config.bulkSize());
                List<SearchDocument> documents = new ArrayList<>(page.size());
                for (DocumentResponse d : page) {
                    documents.add(new SearchDocument(d.id(), d.projectId(), d.title(), d.body(), d.tags(), d.status().json(),
                            d.version(), d.updatedAt()));
                }
                indexed += bulk.bulkUpsert(index, documents, passStart);
                if (page.size() < config.bulkSize()) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
            return new Pass(indexed, bulk.deleteStale(index, passStart));
        });
    }

    private long copyTombstones(TenantId tenant, String from, String to) {
        return work.runNow(tenant, () -> bulk.copyTombstones(from, to));
    }

    private Placement placementOf(TenantId tenant) {
        directory.forget(tenant);
        return directory.find(tenant).map(view -> Placement.fromDb(view.searchPlacement()))
                .orElseThrow(() -> ProblemException.notFound("tenant"));
    }

    private List<TenantId> sharedTenants() {
        return directory.all().stream()
                .filter(view -> Placement.fromDb(view.searchPlacement()) == Placement.SHARED)
                .map(TenantView::id).map(TenantId::new).toList();
    }

    private <T> T locked(Supplier<T> work) {
        if (!lock.tryLock()) {
            throw new ProblemException(ProblemType.CONFLICT, "another search rebuild is running; try again when it has finished");
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private static long since(long start) {
        return System.currentTimeMillis() - start;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a search placement change settled", e);
        }
    }
}
