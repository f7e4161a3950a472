-- The control plane (issue 13): lifecycle states with their reason, resumable operator jobs, idempotent
-- provisioning, purge receipts, and the owner's own view of tenant rows for purging and re-counting them.

-- A tenant being purged is neither served nor cancellable any more; 'deleted' is kept (not the row removed) so
-- that the id cannot be taken again before the purge's receipt exists.
alter table tenants drop constraint tenants_status_check;
alter table tenants add constraint tenants_status_check
    check (status in ('provisioning', 'active', 'suspended', 'migrating', 'offboarding', 'purging', 'deleted'));
alter table tenants
    add column status_reason     text check (length(status_reason) <= 500),
    add column status_changed_at timestamptz not null default now(),
    add column purge_after       timestamptz;

-- global table: operator_jobs — long control-plane work (provision, export, import, purge) about one tenant,
-- resumable: a job's checkpoint is saved as it goes, and a job whose lease ran out (its instance died) is taken
-- over by any instance. Keyed by `tenant` (a `tenant_id` column marks tenant-owned tables for RlsStartupGuard).
create table operator_jobs (
    id          uuid        primary key,
    tenant      text        not null references tenants (id),
    kind        text        not null check (kind ~ '^[a-z][a-z-]{1,30}$'),
    state       text        not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'failed')),
    params      jsonb       not null default '{}',
    step        text,
    checkpoint  text,
    done        bigint      not null default 0,
    total       bigint,
    result      jsonb,
    error       text,
    attempts    integer     not null default 0,
    run_after   timestamptz not null default now(),
    lease_owner text,
    lease_until timestamptz,
    created_by  text        not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    finished_at timestamptz
);
create index operator_jobs_runnable on operator_jobs (run_after) where state in ('queued', 'running');
create index operator_jobs_by_tenant on operator_jobs (tenant, created_at desc);
grant select, insert, update on operator_jobs to ${app_role};

-- global table: idempotency_keys — the first answer to an operator's request that carried an Idempotency-Key,
-- replayed for the same key and body, refused (422) for the same key and another body.
create table idempotency_keys (
    scope          text        not null,
    key            text        not null check (length(key) between 1 and 200),
    request_sha256 text        not null,
    status         integer     not null,
    location       text,
    body           jsonb,
    created_at     timestamptz not null default now(),
    primary key (scope, key)
);
grant select, insert on idempotency_keys to ${app_role};

-- global table: purge_receipts — what a purge found in every store and what it left (0), one per purge; the
-- same report is in the audit log. Append-only.
create table purge_receipts (
    tenant     text        not null references tenants (id),
    job        uuid        not null references operator_jobs (id),
    receipt    jsonb       not null,
    digest     text        not null,
    created_at timestamptz not null default now(),
    primary key (tenant, job)
);
grant select, insert on purge_receipts to ${app_role};

-- The registry stays read-only for the pool's role (V1): the control plane changes it only through these
-- functions of the owner role, and the allowed lifecycle transitions are enforced here, the one place every
-- instance and every code path goes through.
-- global table: tenant_transitions — the lifecycle's allowed moves, the same for every tenant; no tenant owns them
create table tenant_transitions (
    from_status text not null,
    to_status   text not null,
    primary key (from_status, to_status)
);
insert into tenant_transitions values
    ('provisioning', 'active'), ('provisioning', 'purging'), -- a provisioning that cannot finish is rolled back by a purge
    ('active', 'suspended'), ('suspended', 'active'),
    ('active', 'offboarding'), ('suspended', 'offboarding'), ('offboarding', 'active'),
    ('offboarding', 'purging'), ('purging', 'deleted'),
    ('active', 'migrating'), ('migrating', 'active');
grant select on tenant_transitions to ${app_role};

-- Registers a new tenant as 'provisioning'. An id is free when no tenant has it, or when its tenant was purged
-- and the purge's receipt exists. Answers 'registered', or the status of the tenant that holds the id.
create function register_tenant(tenant text, display_name text, plan_id text, region text, placement text)
    returns text language plpgsql volatile security definer set search_path = public as $$
declare
    current_status text;
begin
    insert into tenants (id, name, plan, status, home_region, search_placement, status_reason, status_changed_at)
    values (tenant, display_name, plan_id, 'provisioning', region, placement, null, now())
    on conflict (id) do nothing;
    if found then
        return 'registered';
    end if;
    select status into current_status from tenants where id = tenant for update;
    if current_status = 'deleted' and exists (select 1 from purge_receipts r where r.tenant = register_tenant.tenant) then
        -- a new tenant under an old id inherits nothing of the purged one, not even its operators' limit overrides
        delete from tenant_limits where tenant_limits.tenant = register_tenant.tenant;
        update tenants set name = display_name, plan = plan_id, status = 'provisioning', home_region = region,
                           db_placement = 'shared', search_placement = placement, status_reason = null,
                           purge_after = null, status_changed_at = now(), updated_at = now()
         where id = tenant;
        return 'registered';
    end if;
    return current_status;
end $$;
revoke all on function register_tenant(text, text, text, text, text) from public;
grant execute on function register_tenant(text, text, text, text, text) to ${app_role};

-- Moves a tenant from one of the expected statuses to the target, if tenant_transitions allows it. Answers whether
-- it moved and the status the tenant has afterwards (no row when the tenant is not registered). The row lock makes a
-- second caller wait and then see the first one's status: of two racing moves, one moves and one is refused.
create function change_tenant_status(tenant text, expected text[], target text, reason text, purge_at timestamptz)
    returns table (moved boolean, status text) language plpgsql volatile security definer set search_path = public as $$
declare
    current_status text;
begin
    select t.status into current_status from tenants t where t.id = tenant for update;
    if current_status is null then
        return;
    end if;
    if current_status = any (expected)
       and exists (select 1 from tenant_transitions where from_status = current_status and to_status = target) then
        update tenants set status = target, status_reason = reason, purge_after = purge_at,
                           status_changed_at = now(), updated_at = now()
         where id = tenant;
        moved := true;
        status := target;
    else
        moved := false;
        status := current_status;
    end if;
    return next;
end $$;
revoke all on function change_tenant_status(text, text[], text, text, timestamptz) from public;
grant execute on function change_tenant_status(text, text[], text, text, timestamptz) to ${app_role};

-- The purge deletes and re-counts a tenant's rows as the owner role, never through the pool's tenant-scoped
-- role. Tenant tables force row level security on their owner too (it may read them all: V3's probe), so the owner
-- gets a policy of its own on each of them: it may change one tenant's rows, and only while app.purge_tenant names
-- that tenant, which only the two functions below set. Everything else the owner writes (migrations, seed data)
-- stays under the tenant isolation policy (OwnerPurgePolicyTest). The policy names only the owner role, so
-- RlsStartupGuard (which checks the pool's role) is not loosened.
do $$
declare
    t record;
begin
    for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p') and n.nspname = current_schema()
                and exists (select 1 from pg_attribute a
                             where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    loop
        execute format('create policy owner_purge on %I for all to %I'
                       || ' using (tenant_id = current_setting(''app.purge_tenant'', true))'
                       || ' with check (tenant_id = current_setting(''app.purge_tenant'', true))', t.relname, current_user);
    end loop;
end $$;

-- Every tenant table (any table with a tenant_id column, read from the catalog, so a table added later is never
-- forgotten) and how many rows the tenant has in it, counted by the owner.
create function tenant_row_counts(tenant text) returns table (table_name text, row_count bigint)
    language plpgsql volatile security definer set search_path = public as $$
declare
    t record;
begin
    perform set_config('app.purge_tenant', tenant, true);
    for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p') and n.nspname = current_schema()
                and exists (select 1 from pg_attribute a
                             where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
              order by c.relname
    loop
        table_name := t.relname;
        execute format('select count(*) from %I where tenant_id = $1', t.relname) into row_count using tenant;
        return next;
    end loop;
end $$;
revoke all on function tenant_row_counts(text) from public;
grant execute on function tenant_row_counts(text) to ${app_role};

-- Deletes up to batch_size of the tenant's rows from one tenant table (small transactions, so a purge of a big
-- tenant neither holds long locks nor loses much when it is interrupted). Only while the tenant is 'purging'.
-- Answers how many rows it deleted. Tables that other tenant tables reference must be emptied last: the caller
-- goes through tenant_row_counts' tables until every count is 0.
create function purge_tenant_rows(tenant text, table_name text, batch_size integer) returns bigint
    language plpgsql volatile security definer set search_path = public as $$
declare
    deleted bigint;
begin
    if not exists (select 1 from tenants where id = tenant and status = 'purging') then
        raise exception 'tenant % is not being purged', tenant;
    end if;
    perform set_config('app.purge_tenant', tenant, true);
    if not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                   where c.relname = table_name and n.nspname = current_schema() and c.relkind in ('r', 'p')) then
        raise exception '% is not a tenant table', table_name;
    end if;
    execute format('delete from %I where ctid = any (array(select ctid from %I where tenant_id = $1 limit $2))',
                   table_name, table_name) using tenant, batch_size;
    get diagnostics deleted = row_count;
    return deleted;
end $$;
revoke all on function purge_tenant_rows(text, text, integer) from public;
grant execute on function purge_tenant_rows(text, text, integer) to ${app_role};
