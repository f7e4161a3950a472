package dev.enclave.platform;

import jakarta.enterprise.inject.Instance;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who did it, as audit records and domain events name the actor: the caller's token subject; {@link #ANONYMOUS}
 * for an HTTP request that carries no identity; {@link #SYSTEM} for work no caller asked for (event consumers,
 * background work, startup), which runs outside a request or in a request context of its own
 * ({@code TenantScope.runAs}), where the identity is anonymous too.
 */
public final class Actors {

    public static final String SYSTEM = "system";
    public static final String ANONYMOUS = "anonymous";

    private Actors() {
    }

    /** The current unit of work's actor. */
    public static String current(Instance<SecurityIdentity> identity) {
        if (!Arc.container().requestContext().isActive() || !identity.isResolvable()) {
            return SYSTEM;
        }
        SecurityIdentity current = identity.get();
        if (current.isAnonymous()) {
            return servingHttpRequest() ? ANONYMOUS : SYSTEM;
        }
        return subject(current);
    }

    /** An authenticated caller: the token's subject, else the principal's name. */
    public static String subject(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? token.getSubject() : identity.getPrincipal().getName();
    }

    /** Whether this request context is an HTTP request's (one that runAs made for system work has none). */
    private static boolean servingHttpRequest() {
        InstanceHandle<CurrentVertxRequest> request = Arc.container().instance(CurrentVertxRequest.class);
        return request.isAvailable() && request.get().getCurrent() != null;
    }
}
