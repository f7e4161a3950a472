-- The usage meter's derived data (DESIGN.md §1, §5): per-tenant counters, maintained from domain events.
-- Tenant-scoped like everything else, so a bug in the meter cannot mix tenants in one output.

-- One row per tenant: the key is the tenant itself (there is nothing else to identify).
create table usage_counters (
    tenant_id    text        not null references tenants (id),
    members      bigint      not null default 0,
    projects     bigint      not null default 0,
    documents    bigint      not null default 0,
    stored_bytes bigint      not null default 0,
    events       bigint      not null default 0,   -- domain events metered
    updated_at   timestamptz not null default now(),
    primary key (tenant_id)
);

-- The last state the meter saw of each member, project and document, so that a snapshot event can be turned into
-- a delta (an update carries the new size only) and an older event arriving late changes nothing.
create table usage_items (
    tenant_id  text    not null references tenants (id),
    kind       text    not null check (kind in ('member', 'project', 'document')),
    id         uuid    not null,
    version    bigint  not null,
    live       boolean not null,
    size_bytes bigint  not null default 0,
    primary key (tenant_id, kind, id)
);

alter table usage_counters enable row level security;
alter table usage_counters force row level security;
create policy tenant_isolation on usage_counters
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update on usage_counters to ${app_role};

alter table usage_items enable row level security;
alter table usage_items force row level security;
create policy tenant_isolation on usage_items
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update on usage_items to ${app_role};
