-- What GET /api/v1/documents/{id} asks of PostgreSQL at best, as one transaction: begin, scope to the tenant
-- (what TenantRlsInterceptor sends), read the row by key, commit. Run by bench/read-path.sh as enclave_app (RLS on).
\set k random(1, :docs)
begin;
select set_config('app.tenant_id', 'acme', true);
select tenant_id, id, project_id, title, body, tags, status, size_bytes, created_by, version, created_at, updated_at
  from documents
 where tenant_id = 'acme' and id = md5('acme/doc/' || (:k)::int)::uuid;
commit;
