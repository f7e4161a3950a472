package dev.enclave.project;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request bodies of the project API. Unknown fields are refused, so a client cannot smuggle a tenant in. */
final class ProjectRequests {

    static final String SLUG = "[a-z0-9][a-z0-9-]{0,62}";

    private ProjectRequests() {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record CreateProjectRequest(
            @NotNull @Pattern(regexp = SLUG, message = "must be 1-63 lowercase letters, digits or dashes") String slug,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description) {
    }

    /** PATCH: only the fields present change. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record UpdateProjectRequest(
            @Pattern(regexp = SLUG, message = "must be 1-63 lowercase letters, digits or dashes") String slug,
            @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Size(max = 4000) String description) {
    }
}
