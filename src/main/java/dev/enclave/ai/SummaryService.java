package dev.enclave.ai;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import dev.enclave.document.DocumentResponse;
import dev.enclave.document.DocumentService;
import dev.enclave.limits.AiTokenBudget;
import dev.enclave.limits.BackgroundWork;
import dev.enclave.limits.admission.CurrentAdmission;
import dev.enclave.member.CurrentMember;
import dev.enclave.member.MemberRole;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantContext;

/**
 * AI assist, metered: the document is cut to the input limit, the worst-case cost (the whole prompt + maximum output)
 * is reserved from the tenant's monthly budget, the provider runs as the tenant's background work (shared fairly
 * between tenants), and the reservation is settled with what the provider reports it used (or, when it reports
 * nothing, our count), or released when the call fails.
 * No transaction is open while the provider works.
 */
@ApplicationScoped
public class SummaryService {

    private static final Logger LOG = Logger.getLogger(SummaryService.class);

    private final DocumentService documents;
    private final CurrentMember member;
    private final TenantContext tenant;
    private final AiTokenBudget budget;
    private final BackgroundWork work;
    private final CurrentAdmission admission;
    private final SummaryProviders providers;
    private final AiConfig config;
    private final MeterRegistry metrics;

    SummaryService(DocumentService documents, CurrentMember member, TenantContext tenant, AiTokenBudget budget,
            BackgroundWork work, CurrentAdmission admission, SummaryProviders providers, AiConfig config,
            MeterRegistry metrics) {
        this.documents = documents;
        this.member = member;
        this.tenant = tenant;
        this.budget = budget;
        this.work = work;
        this.admission = admission;
        this.providers = providers;
        this.config = config;
        this.metrics = metrics;
    }

    SummaryResponse summarize(UUID documentId) {
        // Viewers read, but do not spend the tenant's budget.
        member.require(MemberRole::writes, "request AI summaries");
        DocumentResponse document = documents.get(documentId);
        String input = Tokens.truncate(document.title() + "\n\n" + document.body(), config.maxInputTokens());
        int maxOutput = config.maxOutputTokens();
        SummaryProvider provider = providers.active();
        long promptTokens = provider.promptTokens(input); // the whole prompt: instructions, framing and document

        AiTokenBudget.Reservation reservation = budget.reserve(promptTokens + maxOutput);
        boolean settled = false;
        try {
            Summary summary = call(provider, input, maxOutput).fit(maxOutput);
            SummaryResponse.TokenUse use = use(summary, promptTokens);
            long charged = budget.settle(reservation, use.charged());
            settled = true;
            metrics.counter("enclave.ai.tokens", "direction", "in", "provider", provider.name()).increment(use.input());
            metrics.counter("enclave.ai.tokens", "direction", "out", "provider", provider.name()).increment(use.output());
            return new SummaryResponse(document.id(), summary.summary(), summary.keywords(), provider.name(),
                    summary.model(), new SummaryResponse.TokenUse(use.input(), use.output(), charged));
        } finally {
            if (!settled) {
                releaseQuietly(reservation);
            }
        }
    }

    /**
     * What the call cost: the provider's own counts where it reports them (that is what it bills), our count
     * ({@link Tokens}) for what it does not report; never less than the parts add up to.
     */
    static SummaryResponse.TokenUse use(Summary summary, long promptEstimate) {
        Summary.Usage reported = summary.usage();
        long input = reported != null && reported.promptTokens() != null ? Math.max(0, reported.promptTokens()) : promptEstimate;
        long output = reported != null && reported.completionTokens() != null ? Math.max(0, reported.completionTokens())
                : summary.outputTokens();
        long total = reported != null && reported.totalTokens() != null ? Math.max(reported.totalTokens(), input + output)
                : input + output;
        return new SummaryResponse.TokenUse(input, output, total);
    }

    private Summary call(SummaryProvider provider, String input, int maxOutput) {
        CompletableFuture<Summary> result = work.submit(tenant.get(), () -> provider.summarize(input, maxOutput));
        // The request's turn to run is not needed while the provider works elsewhere: others may run meanwhile.
        return admission.stepAside(() -> await(result));
    }

    private Summary await(CompletableFuture<Summary> result) {
        try {
            return result.get(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            result.cancel(false);
            throw unavailable("the AI provider did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the AI provider");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException.Refused refused) {
                LOG.warnf("AI provider refused a summary: %s", refused.getMessage());
                throw new ProblemException(ProblemType.UPSTREAM_FAILED, "the AI provider could not make a summary; nothing was charged");
            }
            if (e.getCause() instanceof ProviderException.Unavailable
                    || e.getCause() instanceof org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException) {
                LOG.warnf("AI provider unavailable: %s", e.getCause().toString());
                throw unavailable("the AI provider is not available");
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static RetryLaterException unavailable(String why) {
        return new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, why + "; nothing was charged, try again shortly",
                Duration.ofSeconds(5));
    }

    private void releaseQuietly(AiTokenBudget.Reservation reservation) {
        try {
            budget.release(reservation);
        } catch (RuntimeException e) {
            // The reservation expires by itself (enclave.limits.ai-reservation-ttl); the caller sees the first failure.
            LOG.warnf("could not release AI reservation %s: %s", reservation.id(), e.toString());
        }
    }
}
