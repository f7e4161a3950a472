package dev.enclave.placement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

import dev.enclave.tenancy.RlsStartupGuard;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantRlsInterceptor;

/**
 * The connection pools of the placements. {@code shared} is the service's default datasource; every other placement
 * gets an Agroal pool built at runtime on first use (Narayana JTA integration, the same {@link TenantRlsInterceptor}
 * as the default pool), after the placement passed the RLS guard ({@link RlsStartupGuard#verify}, as the application
 * role on that database), and again every {@code recheckAfter} while it serves. Closed on shutdown. A placement is
 * served only while the catalog says {@code serving}, its schema is at least what this build needs and it passed the
 * guard; otherwise {@link #app} throws {@link PlacementUnavailableException}, checked again on every call (the catalog
 * is at most 2 s old), so a repaired placement is served again without a restart.
 */
@ApplicationScoped
public class PlacementPools {

    private static final Logger LOG = Logger.getLogger(PlacementPools.class);

    /**
     * A dedicated placement's pool, or why it is refused; either verdict of the guard stands until {@code checkAgainAt}
     * ({@code recheckAfter} later), then the guard runs again.
     */
    private record Pool(AgroalDataSource dataSource, String refusal, long checkAgainAtNanos, String jdbcUrl) {

        boolean current(String url) {
            return jdbcUrl.equals(url) && System.nanoTime() - checkAgainAtNanos < 0;
        }
    }

    private final AgroalDataSource shared;
    private final String sharedUrl;
    private final PlacementCatalog catalog;
    private final PlacementSchema schema;
    private final PlacementsConfig config;
    private final TenantRlsInterceptor interceptor;
    private final TransactionManager transactions;
    private final TransactionSynchronizationRegistry synchronizations;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    PlacementPools(AgroalDataSource shared, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String sharedUrl,
            PlacementCatalog catalog, PlacementSchema schema, PlacementsConfig config, TenantRlsInterceptor interceptor,
            TransactionManager transactions, TransactionSynchronizationRegistry synchronizations) {
        this.shared = shared;
        this.sharedUrl = sharedUrl;
        this.catalog = catalog;
        this.schema = schema;
        this.config = config;
        this.interceptor = interceptor;
        this.transactions = transactions;
        this.synchronizations = synchronizations;
    }

    /** The application role's pool of a served placement; throws {@link PlacementUnavailableException} otherwise. */
    public AgroalDataSource app(String placement) {
        if (Placement.SHARED.equals(placement)) {
            return shared;
        }
        Placement row = catalog.find(placement).orElseThrow(() -> new PlacementUnavailableException(placement, "not registered"));
        if (row.status() != PlacementStatus.SERVING) {
            throw new PlacementUnavailableException(placement, row.status().db());
        }
        if (!schema.satisfiedBy(row.schemaVersion())) {
            throw new PlacementUnavailableException(placement, "schema version " + row.schemaVersion()
                    + " is behind this build's " + schema.required());
        }
        String url = row.jdbcUrl().orElseThrow();
        Pool open = pools.get(placement);
        if (open != null && open.dataSource() != null && open.current(url)) {
            return open.dataSource(); // the common case: no lock
        }
        Pool pool = pools.compute(placement, (name, existing) -> {
            if (existing != null && existing.current(url)) {
                return existing;
            }
            if (existing != null && existing.dataSource() != null && existing.jdbcUrl().equals(url)) {
                return checkAgain(row, existing.dataSource());
            }
            if (existing != null && existing.dataSource() != null) {
                existing.dataSource().close();
            }
            return open(row, existing == null ? null : existing.refusal());
        });
        if (pool.dataSource() == null) {
            throw new PlacementUnavailableException(placement, pool.refusal());
        }
        return pool.dataSource();
    }

    /** Whether the placement is served now, and if not why; never throws. */
    public Optional<String> refusal(String placement) {
        try {
            app(placement);
            return Optional.empty();
        } catch (PlacementUnavailableException e) {
            return Optional.of(e.problem().detail());
        }
    }

    /** Every placement served now (shared first), for work that must look at all of them (the relay's backlog). */
    public List<String> serving() {
        return catalog.all().stream().map(Placement::name)
                .filter(name -> Placement.SHARED.equals(name) || refusal(name).isEmpty())
                .sorted((a, b) -> Placement.SHARED.equals(a) ? -1 : Placement.SHARED.equals(b) ? 1 : a.compareTo(b))
                .toList();
    }

    /**
     * The schema owner on the placement, unpooled: for migrations and the registry copy. Needs the owner's password
     * where the server asks for one (production: only the migrate Job has it).
     */
    public DataSource owner(String placement) {
        String url = Placement.SHARED.equals(placement) ? sharedUrl
                : catalog.find(placement).flatMap(Placement::jdbcUrl)
                        .orElseThrow(() -> new IllegalArgumentException("no such placement: " + placement));
        return ownerOf(url);
    }

    DataSource ownerOf(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(config.ownerUsername());
        config.ownerPassword().ifPresent(dataSource::setPassword);
        dataSource.setConnectTimeout(5);
        return dataSource;
    }

    /** Closes this instance's pool of the placement (its migration failed); the next use opens and checks it again. */
    public void close(String placement) {
        Pool pool = pools.remove(placement);
        if (pool != null && pool.dataSource() != null) {
            pool.dataSource().close();
        }
    }

    /**
     * Copies the tenant's registry row into the placement's own {@code tenants} table, whose rows exist for the
     * foreign keys of the tenant tables there and for that database's own functions (purge_tenant_rows checks the
     * status): the registry is read from the shared database alone.
     */
    public void copyRegistration(TenantId tenant, String placement) {
        String name;
        String plan;
        String region;
        String status;
        try (Connection connection = shared.getConnection();
                PreparedStatement query = connection.prepareStatement("select name, plan, home_region, status from tenants where id = ?")) {
            query.setString(1, tenant.value());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return;
                }
                name = row.getString(1);
                plan = row.getString(2);
                region = row.getString(3);
                status = row.getString(4);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the tenant's registration", e);
        }
        try (Connection connection = owner(placement).getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into tenants (id, name, plan, status, home_region)
                        values (?, ?, coalesce((select id from plans where id = ?), 'free'), ?, ?)
                        on conflict (id) do update set name = excluded.name, status = excluded.status, updated_at = now()""")) {
            insert.setString(1, tenant.value());
            insert.setString(2, name);
            insert.setString(3, plan);
            insert.setString(4, status);
            insert.setString(5, region);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not copy the tenant's registration to placement " + placement, e);
        }
    }

    /**
     * The guard again on a pool that serves (a policy loosened or dropped while serving takes the placement out of
     * service within {@code recheckAfter}); the pool is closed when it fails, and kept when the database does not
     * answer now (a connection failure refuses each request by itself).
     */
    private Pool checkAgain(Placement placement, AgroalDataSource dataSource) {
        String url = placement.jdbcUrl().orElseThrow();
        long next = System.nanoTime() + config.recheckAfter().toNanos();
        try {
            guard(dataSource);
            return new Pool(dataSource, null, next, url);
        } catch (RuntimeException e) {
            if (!refusedByGuard(e)) {
                return new Pool(dataSource, null, next, url);
            }
            dataSource.close();
            LOG.errorf("placement %s (%s) is no longer served, refused by the RLS guard: %s", placement.name(), placement.database(),
                    e.getMessage());
            return new Pool(null, "refused by the RLS guard", next, url);
        }
    }

    /** @param refusedBefore why the last check refused it (logged again only when the reason changes) */
    private Pool open(Placement placement, String refusedBefore) {
        String url = placement.jdbcUrl().orElseThrow();
        AgroalDataSource dataSource = null;
        try {
            dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(pool -> pool
                            .minSize(0)
                            .maxSize(config.maxPoolSize())
                            .acquisitionTimeout(config.acquisitionTimeout())
                            .transactionIntegration(new NarayanaTransactionIntegration(transactions, synchronizations))
                            .connectionFactoryConfiguration(factory -> factory
                                    .jdbcUrl(url)
                                    .principal(new NamePrincipal(config.appUsername()))
                                    .credential(new SimplePassword(config.appPassword().orElse("")))
                                    .loginTimeout(java.time.Duration.ofSeconds(5)))));
            int tables = guard(dataSource);
            dataSource.setPoolInterceptors(List.of(interceptor));
            LOG.infof("placement %s (%s): RLS guard passed (%d tenant tables), serving", placement.name(), placement.database(), tables);
            return new Pool(dataSource, null, System.nanoTime() + config.recheckAfter().toNanos(), url);
        } catch (SQLException | RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            String refusal = refusedByGuard(e) ? "refused by the RLS guard" : "cannot be reached";
            if (!refusal.equals(refusedBefore)) {
                LOG.errorf("placement %s (%s) is not served, %s: %s", placement.name(), placement.database(), refusal, e.getMessage());
            }
            return new Pool(null, refusal, System.nanoTime() + config.recheckAfter().toNanos(), url);
        }
    }

    /**
     * The guard, before the interceptor is added (it needs no tenant, and sees the role's own view), outside the
     * caller's transaction: its connection must not become the one the caller's transaction then shares.
     */
    private static int guard(AgroalDataSource dataSource) {
        return QuarkusTransaction.suspendingExisting().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return RlsStartupGuard.verify(connection);
            }
        });
    }

    private static boolean refusedByGuard(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().startsWith("Refusing to start")) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void closeAll() {
        pools.values().forEach(pool -> {
            if (pool.dataSource() != null) {
                pool.dataSource().close();
            }
        });
        pools.clear();
    }
}
