-- Per-tenant limits (DESIGN.md §6): plans with default limits, per-tenant overrides set by platform operators,
-- and the tenant-scoped counters that storage quotas and AI budgets reserve against. Request rate and in-flight
-- requests are counted in Redis (dev.enclave.limits.admission), not here.

-- global table: plans — the catalogue of plans and their default limits; plans belong to no tenant
create table plans (
    id                     text        primary key check (id ~ '^[a-z][a-z0-9-]{1,30}$'),
    requests_per_second    integer     not null check (requests_per_second > 0),
    burst                  integer     not null check (burst > 0),
    max_in_flight          integer     not null check (max_in_flight > 0),
    storage_bytes          bigint      not null check (storage_bytes >= 0),
    ai_tokens_per_month    bigint      not null check (ai_tokens_per_month >= 0),
    background_concurrency integer     not null check (background_concurrency > 0),
    updated_at             timestamptz not null default now()
);
insert into plans (id, requests_per_second, burst, max_in_flight, storage_bytes, ai_tokens_per_month, background_concurrency) values
    ('free',         20,   40,  10,      52428800,      100000,  1),  --  50 MiB, 100k tokens
    ('pro',         100,  200,  50,    5368709120,     2000000,  4),  --   5 GiB,   2M tokens
    ('enterprise',  500, 1000, 200,  107374182400,    50000000, 16);  -- 100 GiB,  50M tokens
grant select on plans to ${app_role};

-- The registry's plan names a row of the catalogue; operators change it through the limits API.
alter table tenants add constraint tenants_plan_fkey foreign key (plan) references plans (id);
grant update (plan, updated_at) on tenants to ${app_role};

-- global table: tenant_limits — control-plane data about a tenant (what operators allow it), not data the tenant
-- stores: operators write it without a tenant context, every instance reads it before a request touches tenant
-- data, and no tenant endpoint may change it, like the plan in the registry it overrides. So it sits next to the
-- registry, keyed by `tenant` (a `tenant_id` column marks tenant-owned tables for RlsStartupGuard).
-- A null column means "the plan's default".
create table tenant_limits (
    tenant                 text        primary key references tenants (id),
    requests_per_second    integer     check (requests_per_second > 0),
    burst                  integer     check (burst > 0),
    max_in_flight          integer     check (max_in_flight > 0),
    storage_bytes          bigint      check (storage_bytes >= 0),
    ai_tokens_per_month    bigint      check (ai_tokens_per_month >= 0),
    background_concurrency integer     check (background_concurrency > 0),
    updated_at             timestamptz not null default now(),
    updated_by             text        not null
);
grant select, insert, update on tenant_limits to ${app_role};

-- Tenant-owned counters (derived data is tenant-scoped like the rest, DESIGN.md §3).
-- Stored bytes of document content (title + body, UTF-8), changed in the same transaction as the document
-- write, with a conditional update against the quota: the row lock serialises one tenant's writes on every
-- instance, and a write that rolls back takes its charge with it.
create table storage_usage (
    tenant_id  text        not null references tenants (id),
    used_bytes bigint      not null check (used_bytes >= 0),
    updated_at timestamptz not null default now(),
    primary key (tenant_id)
);

-- AI tokens charged per calendar month (UTC); period is the first day of the month.
create table ai_usage (
    tenant_id   text        not null references tenants (id),
    period      date        not null,
    used_tokens bigint      not null default 0 check (used_tokens >= 0),
    calls       bigint      not null default 0 check (calls >= 0),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, period)
);

-- Tokens held for calls in progress: reserved before the provider is called, settled or released after. A
-- reservation expires, so one left behind by a crashed instance stops counting by itself.
create table ai_reservations (
    tenant_id  text        not null references tenants (id),
    id         uuid        not null,
    period     date        not null,
    tokens     bigint      not null check (tokens > 0),
    expires_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, period) references ai_usage (tenant_id, period)
);
create index ai_reservations_by_period on ai_reservations (tenant_id, period, expires_at);

alter table storage_usage enable row level security;
alter table storage_usage force row level security;
create policy tenant_isolation on storage_usage
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update on storage_usage to ${app_role};

alter table ai_usage enable row level security;
alter table ai_usage force row level security;
create policy tenant_isolation on ai_usage
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update on ai_usage to ${app_role};

alter table ai_reservations enable row level security;
alter table ai_reservations force row level security;
create policy tenant_isolation on ai_reservations
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, delete on ai_reservations to ${app_role};
