package dev.enclave.events;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Domain events: topics, the signing key, the outbox relay and the consumers' fair scheduling. */
@ConfigMapping(prefix = "enclave.events")
public interface EventsConfig {

    /** Topic of the domain events (the channels' {@code topic} properties point here). */
    @WithDefault(EventChannels.TOPIC)
    String topic();

    @WithDefault(EventChannels.DEAD_LETTER_TOPIC)
    String deadLetterTopic();

    /** Appended to the consumer group ids (tests: one group per run on a shared broker). */
    Optional<String> groupSuffix();

    /**
     * HMAC-SHA256 key the relay signs records with and consumers verify (at least 32 characters). No default:
     * production passes it as the secret {@code ENCLAVE_EVENTS_SIGNING_KEY}, and the service does not start without.
     */
    String signingKey();

    /** Key ids and rotation of {@link #signingKey()} ({@code enclave.events.signing.*}; see EventSignature). */
    Signing signing();

    Relay relay();

    Consumer consumer();

    /** Bulk tenants (a flood being drained) yield to quiet ones in the relay's and the consumers' turns. */
    Bulk bulk();

    interface Bulk {
        /**
         * A tenant is bulk while it goes at least this fast: events published (relay) or received (each consumer)
         * in the current second or the one before (dev.enclave.fairness.RecentRate). 0: nobody is bulk.
         */
        @WithDefault("100")
        int eventsPerSecond();

        /**
         * Longest a bulk tenant's next turn waits while a quiet tenant has a turn running or waiting
         * (dev.enclave.fairness.FairTurns; 0: bulk tenants do not yield). Bounds the flood's slow-down when quiet
         * tenants never stop.
         */
        @WithDefault("100ms")
        Duration yield();
    }

    /** Where each consumer reads, by consumer name (application.properties lists them; tests move them). */
    Map<String, Channel> channels();

    interface Channel {
        String topic();

        String groupId();

        /** Refused records go here, with the reason in the {@code dead-letter-reason} header. */
        String deadLetterTopic();
    }

    /**
     * Rotation without dead letters, in three rollouts: (1) the new key as {@code previous-key} (a second accepted key,
     * never used to sign) with a new id, so every instance accepts it; (2) swap: the new key becomes {@code signing-key}
     * and {@code key-id}, the old one {@code previous-key}; instances on either side of this rollout accept what the
     * other signs; (3) once no record signed with the old key is left to consume, remove {@code previous-key}.
     */
    interface Signing {
        /** Id of {@code signing-key}, carried in every signature ({@code v2:<key-id>:<mac>}): [A-Za-z0-9._-]{1,32}. */
        @WithDefault("k1")
        String keyId();

        /** A second key accepted for verification, never used to sign: the old key after a rotation (or the next one before). */
        Optional<String> previousKey();

        /** Id of {@code previous-key}; required with it, and different from {@code key-id}. */
        Optional<String> previousKeyId();

        /**
         * Also accept the old {@code v1:} format (no key id, topic not signed) made with {@code signing-key}: only for
         * the upgrade, while v1 records are still in flight; off by default because v1 does not bind the topic.
         */
        @WithDefault("false")
        boolean acceptV1();
    }

    interface Relay {
        /** Most events of one tenant published in one pass; then the next tenant gets its turn. */
        @WithDefault("500")
        int batchSize();

        /**
         * Most events of one pass unacknowledged in the (shared) Kafka producer at a time. The producer is one queue
         * for all tenants, so another tenant's event can wait behind this many of a flooding tenant's; smaller
         * values shorten that wait but make smaller produce requests, which slows one tenant's drain (smoke runs of
         * bench/events.sh: 50 instead of 500 cut the other tenant's p99 by about a third and the drain rate by
         * about as much). The default keeps the whole batch in flight, as before the setting existed.
         */
        @WithDefault("500")
        int maxInFlight();

        /**
         * Most events per second one tenant's outbox drains on this instance (0: no limit), in passes of 20 ms
         * worth (dev.enclave.fairness.Pace). A ceiling even when the tenant is alone: a flood that took the whole
         * machine delayed another tenant's next event behind it (bench/events.sh measures both sides).
         */
        @WithDefault("1000")
        int tenantEventsPerSecond();

        /**
         * The pace's buckets in Redis (enclave.limits.redis.*), shared by every instance, so N instances publish a
         * tenant at the pace, not N times it (events.outbox.SharedPace). false: each instance paces on its own.
         */
        @WithDefault("true")
        boolean sharedPace();

        /** Passes run in parallel for different tenants, never two for one tenant. */
        @WithDefault("2")
        int workers();

        /** How often to ask the database which tenants have unpublished events (other instances' writes, retries). */
        @WithDefault("1s")
        Duration pollInterval();

        /**
         * How often a poll also counts every tenant's unpublished events (enclave.outbox.pending, the tenant figures
         * and stats): counting reads each pending row, so it is not done every poll (a flood's backlog made it
         * 50-185 ms per poll and instance in bench/events.sh). The other polls only ask which tenants have any.
         */
        @WithDefault("10s")
        Duration countInterval();

        /**
         * How long a pass waits for the broker to acknowledge its batch before leaving the rest for later; also about
         * how long publishing takes to resume once a broker that was away is back (bench/faults.sh).
         */
        @WithDefault("8s")
        Duration sendTimeout();

        /** Published events are kept this long in the outbox, then purged. */
        @WithDefault("7d")
        Duration retention();
    }

    interface Consumer {
        /** Worker threads per consumer; one tenant never occupies more than one of them. */
        @WithDefault("2")
        int workers();

        /** Most events of one tenant applied in one transaction before the next tenant's turn. */
        @WithDefault("100")
        int chunkSize();

        /** Records read ahead of processing (per consumer), so that one tenant's backlog does not hide the others'. */
        @WithDefault("20000")
        int maxBuffered();

        /** Processed-event ids are kept this long for de-duplication (far beyond any redelivery). */
        @WithDefault("7d")
        Duration retention();

        /**
         * First wait before events whose handler said {@link EventRetryLater} (e.g. search down) are offered again;
         * doubled after every further refusal up to {@link #retryMaxBackoff}.
         */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Also how long a consumer may take to notice that its dependency is back (bench/faults.sh: search). */
        @WithDefault("10s")
        Duration retryMaxBackoff();

        /**
         * Records refused before their signature verified (no tenant, unsigned, bad signature) are audited as one
         * record per reason per window, with their count (UnverifiedRecords): a flood of forged records writes a
         * bounded number of audit rows, and none of them names the tenant the records claimed.
         */
        @WithDefault("1m")
        Duration unverifiedAuditWindow();
    }
}
