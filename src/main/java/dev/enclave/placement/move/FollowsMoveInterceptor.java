package dev.enclave.placement.move;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import org.jboss.logging.Logger;

import dev.enclave.placement.PlacementDirectory;
import dev.enclave.platform.TenantMoving;
import dev.enclave.tenancy.TenantContext;
import dev.enclave.tenancy.TenantId;

/**
 * Runs the tenant's transaction again when the write guard refused it for a move (EN503): the cached placement is
 * dropped first, so the next try goes to the tenant's new database. A write that waited out the cut-over in the
 * source (on the move lock) is refused the instant the tenant is switched, and so is one from an instance whose cache
 * still names the source; both land in the target a moment later. The retries stop at the pause's bound: a tenant
 * still refused then (a move stuck in its cut-over) gets the 503 with Retry-After.
 * <p>
 * Outside the transaction interceptor (a lower priority runs first), and only around the outermost transactional
 * call: the whole transaction is retried or nothing.
 */
@FollowsMove
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) // Narayana's @Transactional interceptors are at + 200
class FollowsMoveInterceptor {

    private static final Logger LOG = Logger.getLogger(FollowsMoveInterceptor.class);
    private static final long BACKOFF_MS = 20;

    private final TransactionManager transactions;
    private final TenantContext context;
    private final PlacementDirectory directory;
    private final MoveConfig config;

    FollowsMoveInterceptor(TransactionManager transactions, TenantContext context, PlacementDirectory directory, MoveConfig config) {
        this.transactions = transactions;
        this.context = context;
        this.directory = directory;
        this.config = config;
    }

    @AroundInvoke
    Object follow(InvocationContext invocation) throws Exception {
        if (inTransaction()) {
            return invocation.proceed(); // the outermost call retries the whole transaction
        }
        long deadline = System.nanoTime() + config.pauseBound().toNanos();
        for (int attempt = 1;; attempt++) {
            try {
                return invocation.proceed();
            } catch (Exception e) {
                Optional<TenantId> tenant = context.current();
                if (!TenantMoving.refused(e) || tenant.isEmpty() || System.nanoTime() > deadline) {
                    throw e;
                }
                directory.forget(tenant.get());
                LOG.debugf("write of %s refused for a move (attempt %d): run again in its placement now", tenant.get(), attempt);
                if (attempt > 1) {
                    Thread.sleep(BACKOFF_MS); // still refused after a fresh lookup: the switch is not visible yet
                }
            }
        }
    }

    private boolean inTransaction() throws SystemException {
        return transactions.getStatus() != Status.STATUS_NO_TRANSACTION;
    }
}
