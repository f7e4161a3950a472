package dev.enclave.limits;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Counts identities built from verified tokens (augmentors see every one, proactive authentication or not), so a
 * test can show that a request was answered without verifying its token. Changes nothing.
 */
@ApplicationScoped
class VerifiedTokens implements SecurityIdentityAugmentor {

    private final AtomicLong count = new AtomicLong();

    long count() {
        return count.get();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous()) {
            count.incrementAndGet();
        }
        return Uni.createFrom().item(identity);
    }
}
