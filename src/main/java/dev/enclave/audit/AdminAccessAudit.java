package dev.enclave.audit;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.enclave.tenancy.TenantId;

/**
 * The platform's operator surface ({@code /admin/}) is audited as a whole: what an operator read (a successful GET,
 * with the tenant it named in its path), and every 403, a caller without the operator role trying it. Writes audit
 * themselves, with their outcome ({@link AuditLog#operatorAction}, {@link AuditLog#operatorChangeInTransaction}).
 * Queued for the writer, as everything on a request path.
 */
public class AdminAccessAudit {

    static final String ADMIN = "/admin/";
    static final String ROLE_REFUSED = "role-refused";

    private final AuditLog audit;

    AdminAccessAudit(AuditLog audit) {
        this.audit = audit;
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(ADMIN)) {
            return;
        }
        String resource = path.substring(1);
        TenantId target = tenantIn(path).orElse(null);
        if (response.getStatus() == 403) {
            audit.deniedLater(resource, request.getMethod().toLowerCase(), target, ROLE_REFUSED);
        } else if ("GET".equals(request.getMethod()) && response.getStatus() < 400) {
            audit.readLater(resource, target);
        }
    }

    /** {@code /admin/v1/tenants/{id}/...}: the tenant the operator named. */
    private static Optional<TenantId> tenantIn(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("tenants")) {
                return TenantId.parse(parts[i + 1]);
            }
        }
        return Optional.empty();
    }
}
