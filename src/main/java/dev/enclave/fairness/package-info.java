/**
 * Fair turns and pacing between tenants, one implementation for every user: {@link dev.enclave.fairness.FairTurns}
 * (HTTP admission, the outbox relay, the event consumers, background work), {@link dev.enclave.fairness.Pace} and
 * {@link dev.enclave.fairness.TokenBucket} (the relay's publish pace, the local request buckets),
 * {@link dev.enclave.fairness.OncePer} (periodic purges), {@link dev.enclave.fairness.RecentRate} (which tenants are
 * bulk).
 * A {@link dev.enclave.fairness.Pace.Store} may keep the buckets outside the instance (the relay's: Redis).
 * Knows nothing of tenants but their key.
 */
package dev.enclave.fairness;
