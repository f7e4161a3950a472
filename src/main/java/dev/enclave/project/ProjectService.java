package dev.enclave.project;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.enclave.audit.AccessDenials;
import dev.enclave.member.CurrentMember;
import dev.enclave.member.MemberRole;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.project.ProjectRequests.CreateProjectRequest;
import dev.enclave.project.ProjectRequests.UpdateProjectRequest;

@ApplicationScoped
@Transactional
public class ProjectService {

    static final String KIND = "project";

    private final ProjectRepository projects;
    private final CurrentMember member;
    private final AccessDenials denials;

    ProjectService(ProjectRepository projects, CurrentMember member, AccessDenials denials) {
        this.projects = projects;
        this.member = member;
        this.denials = denials;
    }

    PageResponse<ProjectResponse> list(Cursor.Position after, int limit) {
        var rows = projects.page(after, limit + 1).stream().map(ProjectResponse::of).toList();
        return PageResponse.of(rows, limit, p -> Cursor.encode(new Cursor.Position(p.createdAt().toInstant(), p.id())));
    }

    ProjectResponse get(UUID id) {
        return ProjectResponse.of(load(id, "read"));
    }

    ProjectResponse create(CreateProjectRequest request) {
        member.require(MemberRole::writes, "create projects");
        requireFreeSlug(request.slug());
        ProjectEntity project = new ProjectEntity();
        project.id = UUID.randomUUID();
        project.slug = request.slug();
        project.name = request.name().strip();
        project.description = request.description() == null ? "" : request.description();
        project.createdAt = now();
        project.updatedAt = project.createdAt;
        projects.persistAndFlush(project);
        return ProjectResponse.of(project);
    }

    ProjectResponse update(UUID id, UpdateProjectRequest request) {
        member.require(MemberRole::writes, "change projects");
        ProjectEntity project = load(id, "update");
        if (request.slug() != null && !request.slug().equals(project.slug)) {
            requireFreeSlug(request.slug());
            project.slug = request.slug();
        }
        if (request.name() != null) {
            project.name = request.name().strip();
        }
        if (request.description() != null) {
            project.description = request.description();
        }
        project.updatedAt = now();
        projects.flush();
        return ProjectResponse.of(project);
    }

    void delete(UUID id) {
        member.require(MemberRole::managesTenant, "delete projects");
        projects.delete(load(id, "delete"));
    }

    /** For features that reference a project (documents): 404 and an audit record when it is not the caller's. */
    public void requireExists(UUID projectId, String action) {
        load(projectId, action);
    }

    private ProjectEntity load(UUID id, String action) {
        return projects.findByIdOptional(id).orElseThrow(() -> denials.notFound(KIND, id, action));
    }

    private void requireFreeSlug(String slug) {
        if (projects.bySlug(slug).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "a project with slug '" + slug + "' already exists");
        }
    }

    /** At the database's precision (microseconds), so the write's response shows what a later read returns. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
