package dev.enclave.project;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.enclave.audit.AccessDenials;
import dev.enclave.events.Aggregate;
import dev.enclave.member.CurrentMember;
import dev.enclave.member.MemberRole;
import dev.enclave.placement.move.FollowsMove;
import dev.enclave.platform.Cursor;
import dev.enclave.platform.PageResponse;
import dev.enclave.platform.ProblemException;
import dev.enclave.platform.ProblemType;
import dev.enclave.platform.Timestamps;
import dev.enclave.project.ProjectRequests.CreateProjectRequest;
import dev.enclave.project.ProjectRequests.UpdateProjectRequest;

@ApplicationScoped
@Transactional
@FollowsMove
public class ProjectService {

    static final String KIND = Aggregate.PROJECT.wireName();

    private final ProjectRepository projects;
    private final CurrentMember member;
    private final AccessDenials denials;
    private final ProjectEvents events;

    ProjectService(ProjectRepository projects, CurrentMember member, AccessDenials denials, ProjectEvents events) {
        this.projects = projects;
        this.member = member;
        this.denials = denials;
        this.events = events;
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
        project.createdAt = Timestamps.now();
        project.updatedAt = project.createdAt;
        projects.persistAndFlush(project);
        events.created(project);
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
        project.updatedAt = Timestamps.now();
        projects.flush();
        events.updated(project);
        return ProjectResponse.of(project);
    }

    void delete(UUID id) {
        member.require(MemberRole::managesTenant, "delete projects");
        ProjectEntity project = load(id, "delete");
        events.deleted(project); // first: it records the deletion of the project's documents too
        projects.delete(project);
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

}
