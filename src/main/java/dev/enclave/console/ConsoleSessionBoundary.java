package dev.enclave.console;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps the console's sign-in inside the console. Quarkus OIDC picks a tenant from a session cookie
 * ({@code q_session_console}) on any path, so without this the operator's console session would authenticate
 * {@code /admin} and {@code /api} requests too, a CSRF target. Browsers do not send the cookie there (its path is
 * /console), but the server must not rely on that: outside /console only the API's bearer tokens count.
 */
public class ConsoleSessionBoundary {

    static final String CONSOLE_TENANT = "console";
    private static final String OIDC_TENANT_ATTRIBUTE = "tenant-id"; // io.quarkus.oidc.runtime.OidcUtils.TENANT_ID_ATTRIBUTE

    private final CurrentIdentityAssociation identities;

    ConsoleSessionBoundary(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** Before the tenancy core binds a tenant from the principal (AUTHENTICATION + 10). */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 10)
    public Uni<Void> bearerOnlyOutsideTheConsole(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.equals("/console") || path.startsWith("/console/") || !carriesConsoleCookie(request)) {
            return Uni.createFrom().voidItem(); // API calls never carry one: their authentication stays lazy, as before
        }
        return identities.getDeferredIdentity().onItem().transformToUni(identity ->
                CONSOLE_TENANT.equals(identity.getAttribute(OIDC_TENANT_ATTRIBUTE))
                        ? Uni.createFrom().failure(new UnauthorizedException())
                        : Uni.createFrom().voidItem());
    }

    /** The console's session or login-state cookie (q_session_console, q_auth_console, and their chunks). */
    private static boolean carriesConsoleCookie(ContainerRequestContext request) {
        return request.getCookies().keySet().stream()
                .anyMatch(name -> name.startsWith("q_session_" + CONSOLE_TENANT) || name.startsWith("q_auth_" + CONSOLE_TENANT));
    }
}
