-- Bench data, run by bench/isolation.sh as the owner role after the app migrated the database.
-- psql variables: tenants (total, including the dev realm's acme and globex), docs (per tenant).
-- Every tenant gets the same shape: 2 members, 1 project, :docs documents. Ids are derived from the tenant
-- (md5(tenant || '/doc/' || i)), so the load scripts can name acme's rows without asking the database.
\set ON_ERROR_STOP on
select set_config('bench.tenants', :'tenants', false), set_config('bench.docs', :'docs', false);

insert into tenants (id, name, plan, status)
select 'bench-' || lpad(i::text, 5, '0'), 'Bench tenant ' || i, 'free', 'active'
  from generate_series(1, current_setting('bench.tenants')::int - 2) i
on conflict (id) do nothing;

-- Tenant tables are under forced RLS for the owner too: each tenant's rows are written as that tenant.
do $$
declare
    t    text;
    docs int := current_setting('bench.docs')::int;
begin
    for t in select id from tenants order by id loop
        perform set_config('app.tenant_id', t, true);
        if t like 'bench-%' then -- acme and globex already have the dev realm's two members each
            insert into members (tenant_id, id, email, display_name, role)
            select t, md5(t || '/member/' || i)::uuid, 'user' || i || '@' || t || '.test', 'User ' || i,
                   case i when 1 then 'owner' else 'member' end
              from generate_series(1, 2) i;
        end if;
        insert into projects (tenant_id, id, slug, name)
        values (t, md5(t || '/project')::uuid, 'bench', 'Bench project');
        insert into documents (tenant_id, id, project_id, title, body, tags, status, size_bytes, created_at, updated_at)
        select t, md5(t || '/doc/' || i)::uuid, md5(t || '/project')::uuid, 'Document ' || i,
               repeat('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ', 6),
               array['bench', 'tag' || (i % 5)], (array['draft', 'published', 'archived'])[i % 3 + 1], 360,
               timestamptz '2026-01-01' + i * interval '1 minute', timestamptz '2026-01-01' + i * interval '1 minute'
          from generate_series(1, docs) i;
    end loop;
    perform set_config('app.tenant_id', '', true);
end $$;

analyze tenants, members, projects, documents;
