-- Platform (global) tables. Flyway runs this as the owner role; ${app_role} is the pool's role.
grant usage on schema public to ${app_role};

-- global table: tenants — the registry of tenants itself; its rows are the tenants, so no tenant owns them
create table tenants (
    id               text        primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name             text        not null check (length(name) between 1 and 200),
    plan             text        not null default 'free',
    status           text        not null default 'active'
                                 check (status in ('provisioning', 'active', 'suspended', 'migrating', 'offboarding', 'deleted')),
    home_region      text        not null default 'local',
    db_placement     text        not null default 'shared' check (db_placement in ('shared', 'dedicated')),
    search_placement text        not null default 'shared' check (search_placement in ('shared', 'dedicated')),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
grant select on tenants to ${app_role};

-- global table: audit_log — operators read it across tenants; append-only (insert and select only)
create table audit_log (
    id            bigint      generated always as identity primary key,
    occurred_at   timestamptz not null default now(),
    actor         text        not null,
    actor_tenant  text,
    target_tenant text,
    resource      text        not null,
    action        text        not null,
    outcome       text        not null check (outcome in ('denied', 'allowed', 'failed')),
    reason        text        not null,
    request_id    text
);
create index audit_log_time on audit_log (occurred_at desc, id desc);
create index audit_log_target on audit_log (target_tenant, occurred_at desc);
create index audit_log_actor_tenant on audit_log (actor_tenant, occurred_at desc);
create index audit_log_actor on audit_log (actor, occurred_at desc);
create index audit_log_outcome on audit_log (outcome, occurred_at desc);
grant select, insert on audit_log to ${app_role};

-- Append-only even for roles that hold more privileges than the application's.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
    for each statement execute function audit_log_is_append_only();
