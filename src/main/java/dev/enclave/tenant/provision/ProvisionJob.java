package dev.enclave.tenant.provision;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import org.jboss.logging.Logger;

import dev.enclave.identity.Account;
import dev.enclave.identity.TenantAccounts;
import dev.enclave.jobs.JobContext;
import dev.enclave.jobs.JobFailedException;
import dev.enclave.jobs.JobHandler;
import dev.enclave.jobs.JobsConfig;
import dev.enclave.member.FirstOwner;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.search.SearchPlacementMoves;
import dev.enclave.settings.SettingsService;
import dev.enclave.tenancy.TenantId;
import dev.enclave.tenancy.TenantScope;
import dev.enclave.tenancy.TenantStatus;
import dev.enclave.tenant.TenantDirectory;
import dev.enclave.tenant.TenantLifecycle;
import dev.enclave.tenant.TenantView;
import dev.enclave.tenant.TenantsConfig;

/**
 * The {@code provision} job: makes a registered ({@code provisioning}) tenant whole, step by step, each step
 * idempotent and saved when done, so a crash or a retry resumes after the last one: its settings row, its search
 * placement (a dedicated index), its owner in Keycloak, the owner's membership, then {@code active}. Limits need no
 * step: a tenant without overrides has its plan's defaults.
 * <p>
 * A store that is down (Keycloak, the search node) fails the attempt and the job is retried with backoff, the
 * tenant staying {@code provisioning} (refused by the API) meanwhile, up to {@code enclave.jobs.max-attempts}. A
 * provisioning that cannot finish (the owner's username or email is another's, or that last attempt failed too) is
 * rolled back: the tenant goes to purging, which removes what the
 * earlier steps made and leaves a receipt.
 */
@ApplicationScoped
public class ProvisionJob implements JobHandler {

    public static final String KIND = "provision";
    private static final Logger LOG = Logger.getLogger(ProvisionJob.class);

    /** The steps, in order; the job saves the name of each when it is done. */
    static final List<String> STEPS = List.of("settings", "search", "owner-account", "owner-member", "activate");

    private final TenantScope scope;
    private final SettingsService settings;
    private final SearchPlacementMoves search;
    private final TenantAccounts accounts;
    private final FirstOwner owners;
    private final TenantLifecycle lifecycle;
    private final TenantDirectory directory;
    private final ProvisionRollback rollback;
    private final TenantsConfig config;
    private final JobsConfig jobs;
    private final ObjectMapper json;

    ProvisionJob(TenantScope scope, SettingsService settings, SearchPlacementMoves search, TenantAccounts accounts,
            FirstOwner owners, TenantLifecycle lifecycle, TenantDirectory directory, ProvisionRollback rollback,
            TenantsConfig config, JobsConfig jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.scope = scope;
        this.settings = settings;
        this.search = search;
        this.accounts = accounts;
        this.owners = owners;
        this.lifecycle = lifecycle;
        this.directory = directory;
        this.rollback = rollback;
        this.config = config;
        this.json = json;
    }

    /** What the job is asked: the owner's username and email. */
    public static ObjectNode params(ObjectMapper json, String username, String email) {
        ObjectNode params = json.createObjectNode();
        params.putObject("owner").put("username", username).put("email", email);
        return params;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public JsonNode run(JobContext job) {
        try {
            return provision(job);
        } catch (JobFailedException | JobContext.LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            if (job.attempt() < jobs.maxAttempts()) {
                throw e; // retried with backoff, the tenant staying provisioning
            }
            // The last attempt: a store that stayed down that long ends the provisioning rather than leave it half-made.
            String reason = "provisioning gave up after " + job.attempt() + " attempts: " + e.getMessage();
            rollback.start(job.tenant(), reason);
            throw new JobFailedException(reason);
        }
    }

    private JsonNode provision(JobContext job) {
        TenantId tenant = job.tenant();
        String username = job.params().path("owner").path("username").asText();
        String email = job.params().path("owner").path("email").asText();
        TenantView registered = directory.record(tenant).map(r -> r.tenant())
                .orElseThrow(() -> new JobFailedException("the tenant is not registered"));
        int next = job.step().map(step -> STEPS.indexOf(step) + 1).orElse(0);
        String ownerId = job.step().filter("owner-account"::equals).flatMap(s -> job.checkpoint()).orElse(null);
        if (next < STEPS.size() && !"provisioning".equals(registered.status())) {
            throw new JobFailedException("the tenant is " + registered.status() + ", not provisioning");
        }
        for (int i = next; i < STEPS.size(); i++) {
            String step = STEPS.get(i);
            String checkpoint = null;
            switch (step) {
                case "settings" -> scope.runAs(tenant, settings::ensureRow);
                case "search" -> {
                    if ("dedicated".equals(registered.searchPlacement())) {
                        // Already placed there: creates the index. In a request context, as an operator's call has.
                        inRequestContext(() -> search.move(tenant.value(), "dedicated"));
                    }
                }
                case "owner-account" -> checkpoint = ownerId = ownerAccount(job, tenant, username, email).id();
                case "owner-member" -> {
                    String subject = ownerId != null ? ownerId : ownerAccount(job, tenant, username, email).id();
                    scope.runAs(tenant, () -> owners.ensure(subject, email, username));
                }
                case "activate" -> activate(tenant);
                default -> throw new IllegalStateException(step);
            }
            job.progress(step, checkpoint, i + 1, (long) STEPS.size());
        }
        ObjectNode result = json.createObjectNode().put("tenant", tenant.value()).put("status", "active");
        result.putObject("owner").put("username", username).put("email", email);
        return result;
    }

    /** The job's own request context without a tenant: the move audits as the system, not as the tenant. */
    private static void inRequestContext(Runnable work) {
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            work.run();
        } finally {
            context.terminate();
        }
    }

    private Account ownerAccount(JobContext job, TenantId tenant, String username, String email) {
        Optional<String> password = config.devPasswords() ? Optional.of(username) : Optional.empty();
        try {
            return accounts.ensureUser(tenant, username, email, password);
        } catch (ProblemException e) {
            if (e.type() == ProblemType.CONFLICT || e.type() == ProblemType.VALIDATION_FAILED) {
                String reason = "provisioning cannot finish: " + e.getMessage();
                LOG.warnf("tenant %s: %s; rolled back", tenant, reason);
                rollback.start(tenant, reason);
                throw new JobFailedException(reason);
            }
            throw e; // the identity provider is down or failed: retried
        }
    }

    private void activate(TenantId tenant) {
        try {
            lifecycle.move(tenant, EnumSet.of(TenantStatus.PROVISIONING), TenantStatus.ACTIVE, null, null);
        } catch (ProblemException e) {
            // A run that moved it and stopped before saving the step: done already.
            if (!directory.record(tenant).map(r -> "active".equals(r.tenant().status())).orElse(false)) {
                throw new JobFailedException(e.getMessage());
            }
        }
    }
}
