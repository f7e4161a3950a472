package dev.enclave.portability;

import java.util.List;

/**
 * The files of a tenant bundle, one NDJSON file per entity, and the fields of each record that its content digest
 * covers ({@link ContentDigest}). Left out of every digest: ids and references by id (they are remapped by an
 * import), the tenant, Keycloak subjects ({@code subject}, {@code createdBy}, activity {@code actor}: identities of
 * the deployment, not content), and times the copy sets itself ({@code recordedAt}, usage {@code updatedAt}).
 * A document names its project by slug in the digest, so a document moved to another project changes it.
 */
enum BundleEntity {
    MEMBERS("members", List.of("email", "displayName", "role")),
    PROJECTS("projects", List.of("slug", "name", "description", "version", "createdAt", "updatedAt")),
    DOCUMENTS("documents", List.of("projectSlug", "title", "body", "tags", "status", "sizeBytes", "version", "createdAt",
            "updatedAt")),
    SETTINGS("settings", List.of("settings", "version", "updatedAt")),
    /** The registry's plan and the operator's overrides (tenant_limits), one record. */
    LIMITS("limits", List.of("plan", "overrides")),
    /** storage_usage, usage_counters, usage_items, ai_usage: one record per row, {@code table} says which. */
    USAGE("usage", List.of("table", "usedBytes", "members", "projects", "documents", "events", "kind", "version", "live",
            "sizeBytes", "period", "usedTokens", "calls")),
    ACTIVITY("activity", List.of("occurredAt", "type", "aggregateType", "aggregateVersion", "label")),
    /** Audit entries whose target or actor tenant is the tenant. Exported, never imported: a copy's log is its own. */
    AUDIT("audit", List.of("occurredAt", "actor", "resource", "action", "outcome", "reason"));

    private final String entity;
    private final List<String> contentFields;

    BundleEntity(String entity, List<String> contentFields) {
        this.entity = entity;
        this.contentFields = contentFields;
    }

    String entity() {
        return entity;
    }

    /** Read from global tables (the registry, tenant_limits, audit_log): in the shared database, wherever the tenant is. */
    boolean global() {
        return this == LIMITS || this == AUDIT;
    }

    String fileName() {
        return entity + ".ndjson";
    }

    List<String> contentFields() {
        return contentFields;
    }

    static BundleEntity of(String entity) {
        for (BundleEntity e : values()) {
            if (e.entity.equals(entity)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no bundle entity " + entity);
    }
}
