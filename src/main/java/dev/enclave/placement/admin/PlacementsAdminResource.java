package dev.enclave.placement.admin;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.enclave.audit.AuditLog;
import dev.enclave.placement.Placement;
import dev.enclave.placement.PlacementCatalog;
import dev.enclave.placement.PlacementMigrations;
import dev.enclave.placement.PlacementMigrations.Outcome;
import dev.enclave.placement.PlacementStatus;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Roles;

/**
 * The database placements, for platform operators: list them with their state, register a dedicated database (then
 * migrated at once), run the migrations in waves. Registration and every placement's migration are audited with
 * their outcome. Credentials never pass here: the URL names host, port and database only (config has the roles).
 */
@Path("/admin/v1/placements")
@RolesAllowed(Roles.PLATFORM_OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class PlacementsAdminResource {

    @RegisterForReflection
    public record RegisterRequest(
            @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "must be 2-63 lowercase letters, digits or dashes, not starting with a dash")
            String name,
            @NotNull @Size(max = 500)
            @Pattern(regexp = "jdbc:postgresql://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?/[A-Za-z0-9_\\-]+",
                    message = "must be jdbc:postgresql://host[:port]/database, without parameters or credentials")
            String jdbcUrl) {
    }

    @RegisterForReflection
    public record PlacementView(String name, String database, long tenants, String schemaVersion, String status, String detail,
            String updatedAt) {
    }

    @RegisterForReflection
    public record MigrationView(String placement, String status, String schemaVersion, int applied, String detail) {
    }

    @RegisterForReflection
    public record MigrationRun(List<MigrationView> placements) {
    }

    private final PlacementCatalog catalog;
    private final PlacementMigrations migrations;
    private final AuditLog audit;

    PlacementsAdminResource(PlacementCatalog catalog, PlacementMigrations migrations, AuditLog audit) {
        this.catalog = catalog;
        this.migrations = migrations;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "The database placements: database (host:port/db), tenants, schema version, status and detail")
    public List<PlacementView> list() {
        catalog.forget(); // an operator reads the current state, not this instance's cache
        Map<String, Long> tenants = catalog.tenantCounts();
        return catalog.all().stream().map(p -> view(p, tenants)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a dedicated database as a placement and migrate it (201; 200 when already registered "
            + "with the same URL; 409 when the name has another URL)")
    public Response register(@NotNull @Valid RegisterRequest request) {
        if (Placement.SHARED.equals(request.name())) {
            throw new ProblemException(ProblemType.CONFLICT, "shared is the service's own database");
        }
        String result = audit.operatorAction("placement/" + request.name(), "register-placement", null,
                "database " + request.jdbcUrl().substring("jdbc:postgresql://".length()), () -> {
                    String registered = catalog.register(request.name(), request.jdbcUrl());
                    if ("conflict".equals(registered)) {
                        throw new ProblemException(ProblemType.CONFLICT, "placement " + request.name() + " is registered with another database");
                    }
                    return registered;
                });
        auditOutcome(migrations.migrate(request.name()));
        catalog.forget();
        PlacementView view = view(catalog.find(request.name()).orElseThrow(), catalog.tenantCounts());
        return "registered".equals(result)
                ? Response.created(URI.create("/admin/v1/placements/" + request.name())).entity(view).build()
                : Response.ok(view).build();
    }

    @POST
    @Path("migrate")
    @Operation(summary = "Migrate every placement in waves (shared first); a failing one becomes failed, the others go on; "
            + "running again resumes")
    public MigrationRun migrate() {
        List<Outcome> outcomes = migrations.migrateAll(true);
        outcomes.forEach(this::auditOutcome);
        return new MigrationRun(outcomes.stream()
                .map(o -> new MigrationView(o.placement(), o.status().db(), o.schemaVersion(), o.applied(), o.detail())).toList());
    }

    /** One record per placement, with the outcome: a failed migration is audited as failed with its error. */
    private void auditOutcome(Outcome outcome) {
        String reason = outcome.status() == PlacementStatus.FAILED
                ? "migration failed: " + truncate(outcome.detail())
                : "schema " + outcome.schemaVersion() + ", " + outcome.applied() + " migration(s) applied";
        try {
            audit.operatorAction("placement/" + outcome.placement(), "migrate-placement", null, reason, () -> {
                if (outcome.status() == PlacementStatus.FAILED) {
                    throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, reason);
                }
                return null;
            });
        } catch (ProblemException recorded) {
            // audited as failed; the answer lists the placement as failed with its detail
        }
    }

    private static PlacementView view(Placement p, Map<String, Long> tenants) {
        return new PlacementView(p.name(), p.database(), tenants.getOrDefault(p.name(), 0L), p.schemaVersion(), p.status().db(),
                p.detail(), p.updatedAt() == null ? null : p.updatedAt().toString());
    }

    private static String truncate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
