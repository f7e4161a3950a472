package dev.enclave.tenancy;

/**
 * The tenant API boundary: every request under {@link #PREFIX} is a tenant request, bound to the token's tenant
 * ({@link TenantRequestFilter}) or refused. The one definition of it, for every filter that must tell tenant requests
 * from the rest (console, health, metrics).
 */
public final class TenantApi {

    public static final String PREFIX = "/api/";

    private TenantApi() {
    }

    /** Whether a request path (as JAX-RS or Vert.x normalise it, with its leading slash) is a tenant request. */
    public static boolean covers(String path) {
        return path.startsWith(PREFIX);
    }
}
