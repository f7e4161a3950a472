-- The first page (limit 50, +1 to know whether there is a next) of acme's bench project, as the list endpoint
-- reads it: index documents_by_project (tenant_id, project_id, created_at, id).
select tenant_id, id, project_id, title, tags, status, size_bytes, created_by, version, created_at, updated_at
  from documents
 where tenant_id = 'acme' and project_id = md5('acme/project')::uuid
 order by created_at, id
 limit 51;
