package dev.enclave.placement;

import java.time.Duration;

import dev.enclave.platform.ProblemType;
import dev.enclave.platform.RetryLaterException;

/**
 * The tenant's database is not served by this instance now (its placement failed a migration or the guard, is being
 * migrated, is behind this build's schema, or cannot be reached): 503 with Retry-After naming the placement's state,
 * never data.
 */
public class PlacementUnavailableException extends RetryLaterException {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public PlacementUnavailableException(String placement, String state) {
        super(ProblemType.SERVICE_UNAVAILABLE, "the tenant's database (placement " + placement + ") is not served: " + state
                + "; try again later", RETRY_AFTER);
    }
}
