package dev.enclave.ai;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import dev.enclave.document.DocumentResponse;
import dev.enclave.document.DocumentService;
import dev.enclave.limits.BackgroundWork;
import dev.enclave.limits.admission.CurrentAdmission;
import dev.enclave.limits.budget.AiTokenBudget;
import dev.enclave.member.CurrentMember;
import dev.enclave.member.MemberRole;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.tenancy.TenantId;

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
    private final Provider<TenantId> tenant;
    private final AiTokenBudget budget;
    private final BackgroundWork work;
    private final CurrentAdmission admission;
    private final SummaryProviders providers;
    private final AiConfig config;
    private final MeterRegistry metrics;

    SummaryService(DocumentService documents, CurrentMember member, Provider<TenantId> tenant, AiTokenBudget budget,
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
        ProviderCall call = ProviderCall.within(config.callTimeout());
        CompletableFuture<Metered> result;
        try {
            result = work.submit(tenant.get(), () -> run(provider, input, maxOutput, promptTokens, reservation, call));
        } catch (RuntimeException e) {
            releaseQuietly(reservation);
            throw e;
        }
        // The request's turn to run is not needed while the provider works elsewhere: others may run meanwhile.
        Metered done = admission.stepAside(() -> await(result, call));
        return new SummaryResponse(document.id(), done.summary().summary(), done.summary().keywords(), provider.name(),
                done.summary().model(), done.use());
    }

    private record Metered(Summary summary, SummaryResponse.TokenUse use) {
    }

    /**
     * On a background worker, in the tenant's scope: calls the provider and settles the reservation itself, so what
     * the call consumed is charged even when the request stopped waiting (a 503 to the client does not make the
     * provider's bill go away): the answer's usage, plus the prompt of each attempt cut off after it was sent.
     */
    private Metered run(SummaryProvider provider, String input, int maxOutput, long promptTokens,
            AiTokenBudget.Reservation reservation, ProviderCall call) {
        call.runningOn(Thread.currentThread());
        Summary summary;
        try {
            summary = provider.summarize(input, maxOutput, call).fit(maxOutput);
        } catch (RuntimeException e) {
            call.finished();
            settleFailed(reservation, call.cutOff() * promptTokens);
            throw e;
        }
        call.finished();
        SummaryResponse.TokenUse use = use(summary, promptTokens);
        long charged = budget.settle(reservation, use.charged() + call.cutOff() * promptTokens);
        metrics.counter("enclave.ai.tokens", "direction", "in", "provider", provider.name()).increment(use.input());
        metrics.counter("enclave.ai.tokens", "direction", "out", "provider", provider.name()).increment(use.output());
        return new Metered(summary, new SummaryResponse.TokenUse(use.input(), use.output(), charged));
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

    private Metered await(CompletableFuture<Metered> result, ProviderCall call) {
        try {
            return result.get(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.abandon(); // the work settles what it consumed when it ends
            throw unavailable("the AI provider did not answer in time; what it used is charged, try again shortly");
        } catch (InterruptedException e) {
            call.abandon();
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the AI provider; what it used is charged, try again shortly");
        } catch (ExecutionException e) {
            String charged = call.cutOff() == 0 ? "nothing was charged"
                    : "the attempts cut off after they were sent were charged";
            if (e.getCause() instanceof ProviderException.Refused refused) {
                LOG.warnf("AI provider refused a summary: %s", refused.getMessage());
                throw new ProblemException(ProblemType.UPSTREAM_FAILED, "the AI provider could not make a summary; " + charged);
            }
            if (e.getCause() instanceof ProviderException.Abandoned) {
                throw unavailable("the AI provider did not answer in time; " + charged + ", try again shortly");
            }
            if (e.getCause() instanceof ProviderException.Unavailable
                    || e.getCause() instanceof org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException) {
                LOG.warnf("AI provider unavailable: %s", e.getCause().toString());
                throw unavailable("the AI provider is not available; " + charged + ", try again shortly");
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static RetryLaterException unavailable(String detail) {
        return new RetryLaterException(ProblemType.SERVICE_UNAVAILABLE, detail, Duration.ofSeconds(5));
    }

    /** The call failed: the attempts it may have been billed for are charged, else the reservation is freed. */
    private void settleFailed(AiTokenBudget.Reservation reservation, long consumed) {
        if (consumed == 0) {
            releaseQuietly(reservation);
            return;
        }
        try {
            budget.settle(reservation, consumed);
        } catch (RuntimeException e) {
            LOG.errorf("could not charge %d AI tokens of reservation %s: %s", consumed, reservation.id(), e.toString());
        }
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
