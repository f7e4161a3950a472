-- One of acme's documents by primary key (tenant_id, id), as Hibernate loads it for GET /api/v1/documents/{id}.
-- No colons inside literals: with -M prepared, pgbench takes ':name' there for a variable.
\set k random(1, :docs)
select tenant_id, id, project_id, title, body, tags, status, size_bytes, created_by, version, created_at, updated_at
  from documents
 where tenant_id = 'acme' and id = md5('acme/doc/' || (:k)::int)::uuid;
