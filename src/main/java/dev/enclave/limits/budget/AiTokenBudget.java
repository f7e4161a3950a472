package dev.enclave.limits.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.enclave.limits.LimitsConfig;
import dev.enclave.limits.TenantLimits;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;
import dev.enclave.stats.TenantStats;
import dev.enclave.tenancy.TenantId;

/**
 * The tenant's monthly AI token budget (calendar month, UTC). A metered call reserves its worst case before it
 * runs, settles what it used after, or releases the reservation when it fails. Reserving locks the tenant's row
 * of the month while it checks used + reserved + asked against the budget, so concurrent calls on any instance
 * cannot overspend; each step commits on its own (no transaction spans the provider call). A reservation that
 * is never settled (its instance died) expires after {@code enclave.limits.ai-reservation-ttl}.
 */
@ApplicationScoped
public class AiTokenBudget {

    /** Tokens held for one call. */
    public record Reservation(UUID id, LocalDate period, long tokens) {
    }

    /** The month's budget as the usage report shows it. */
    public record Usage(String period, long used, long reserved, long limit) {
    }

    private final AiTokenLedger counters;
    private final TenantLimits limits;
    private final Provider<TenantId> context;
    private final Duration ttl;
    private final Counter refusals;
    private final TenantStats stats;
    private final Clock clock = Clock.systemUTC();

    AiTokenBudget(AiTokenLedger counters, TenantLimits limits, Provider<TenantId> context, LimitsConfig config,
            MeterRegistry metrics, TenantStats stats) {
        this.counters = counters;
        this.stats = stats;
        this.limits = limits;
        this.context = context;
        this.ttl = config.aiReservationTtl();
        this.refusals = Counter.builder("enclave.limits.quota.refusals").tag("quota", "ai-tokens")
                .description("Writes refused by a quota").register(metrics);
    }

    /** Holds {@code tokens} of this month's budget; 429 ai-budget-exceeded (Retry-After: next month) when they do not fit. */
    @Transactional(TxType.REQUIRES_NEW)
    public Reservation reserve(long tokens) {
        TenantId tenant = context.get();
        long limit = limits.of(tenant).values().aiTokensPerMonth();
        LocalDate period = period();
        long used = counters.lockAiPeriod(tenant, period);
        long reserved = counters.aiReserved(tenant, period);
        if (used + reserved + tokens > limit) {
            refusals.increment();
            throw new RetryLaterException(ProblemType.AI_BUDGET_EXCEEDED, "this call may use up to " + tokens
                    + " tokens, but " + Math.max(0, limit - used - reserved) + " of the tenant's " + limit
                    + " AI tokens for this month are left", untilNextMonth());
        }
        Reservation reservation = new Reservation(UUID.randomUUID(), period, tokens);
        counters.reserveAi(tenant, reservation.id(), period, tokens, OffsetDateTime.now(clock).plus(ttl));
        return reservation;
    }

    /**
     * Charges what the call used and frees the reservation; returns the charge. What a provider reports it used is
     * charged in full even when it exceeds the reservation (its count, not ours, is what it bills): the month then
     * shows the overrun and the next reservation is refused.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public long settle(Reservation reservation, long tokensUsed) {
        TenantId tenant = context.get();
        long charge = Math.max(0, tokensUsed);
        counters.dropAiReservation(tenant, reservation.id());
        counters.chargeAi(tenant, reservation.period(), charge);
        stats.aiTokens(charge);
        return charge;
    }

    /** The call failed: nothing is charged. */
    @Transactional(TxType.REQUIRES_NEW)
    public void release(Reservation reservation) {
        counters.dropAiReservation(context.get(), reservation.id());
    }

    @Transactional
    public Usage usage() {
        TenantId tenant = context.get();
        LocalDate period = period();
        long[] usage = counters.aiUsage(tenant, period);
        return new Usage(period.toString().substring(0, 7), usage[0], usage[1], limits.of(tenant).values().aiTokensPerMonth());
    }

    private LocalDate period() {
        return LocalDate.now(clock).withDayOfMonth(1);
    }

    private Duration untilNextMonth() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return Duration.between(now, period().plusMonths(1).atStartOfDay().atOffset(ZoneOffset.UTC));
    }
}
