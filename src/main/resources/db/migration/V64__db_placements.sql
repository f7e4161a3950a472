-- Database placements (dev.enclave.placement): which PostgreSQL database holds a tenant's rows. Every placement has
-- the full schema (the same migrations run on each, PlacementMigrations); these rows are read from the shared
-- database only.

-- global table: db_placements — the databases tenants can be placed in; a placement belongs to no tenant.
-- jdbc_url is null for "shared", the service's own datasource. Credentials are never stored here (config:
-- enclave.placements.*). status: serving (migrated, may be served), migrating (registered or being migrated),
-- failed (its last migration failed, detail says why: not served), retired (not served, kept for the record).
create table db_placements (
    name           text        primary key check (name ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    jdbc_url       text        check (jdbc_url ~ '^jdbc:postgresql://[^?;]+$'),
    status         text        not null default 'migrating' check (status in ('serving', 'migrating', 'failed', 'retired')),
    schema_version text,
    detail         text,
    updated_at     timestamptz not null default now(),
    check ((name = 'shared') = (jdbc_url is null))
);
insert into db_placements (name, jdbc_url, status) values ('shared', null, 'serving');
grant select on db_placements to ${app_role};

alter table tenants drop constraint tenants_db_placement_check;
update tenants set db_placement = 'shared' where db_placement = 'dedicated';
alter table tenants add constraint tenants_db_placement_fkey foreign key (db_placement) references db_placements (name);

-- The only way the application role changes a tenant's database placement: one column of one tenant, to a registered
-- placement that is not retired (like set_search_placement, V50). Answers false when the tenant is not registered.
create function set_db_placement(tenant text, placement text) returns boolean
    language plpgsql volatile security definer set search_path = public as $$
begin
    if not exists (select 1 from db_placements p where p.name = placement and p.status <> 'retired') then
        raise exception 'no such placement: %', placement using errcode = '23503';
    end if;
    update tenants set db_placement = placement, updated_at = now() where id = tenant;
    return found;
end $$;
revoke all on function set_db_placement(text, text) from public;
grant execute on function set_db_placement(text, text) to ${app_role};

-- An operator registers a placement (POST /admin/v1/placements): a new one starts as 'migrating' until its first
-- migration run. Answers 'registered', 'unchanged' (same name and URL) or 'conflict' (the name has another URL).
create function register_db_placement(placement text, url text) returns text
    language plpgsql volatile security definer set search_path = public as $$
declare
    existing text;
begin
    insert into db_placements (name, jdbc_url) values (placement, url) on conflict (name) do nothing;
    if found then
        return 'registered';
    end if;
    select jdbc_url into existing from db_placements where name = placement;
    return case when existing is not distinct from url then 'unchanged' else 'conflict' end;
end $$;
revoke all on function register_db_placement(text, text) from public;
grant execute on function register_db_placement(text, text) to ${app_role};
