package dev.enclave.offboarding;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Offboarding and purging a tenant (enclave.offboarding.*). */
@ConfigMapping(prefix = "enclave.offboarding")
public interface OffboardingConfig {

    /** How long an offboarded tenant's data is kept (cancellable) before it is purged, when the operator names none. */
    @WithDefault("P30D")
    Duration grace();

    /** The longest grace an operator may ask for. */
    @WithDefault("P365D")
    Duration maxGrace();

    /** How often each instance looks for offboarded tenants whose grace ended (the first look one period after start). */
    @WithDefault("30s")
    Duration checkEvery();

    /** Rows deleted per statement: small transactions, short locks, little lost when a purge is interrupted. */
    @WithDefault("500")
    int batchSize();

    /** A pause after each batch, so a big purge leaves room to the tenants still served (0: none). */
    @WithDefault("0s")
    Duration batchPause();

    /** How long to wait for the Kafka broker when reading the topics' retention. */
    @WithDefault("10s")
    Duration kafkaTimeout();
}
