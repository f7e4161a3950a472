-- Tenant-owned tables (DESIGN.md §3): tenant_id first in every key, foreign keys that include tenant_id,
-- uniqueness per tenant, forced row-level security keyed on the connection's app.tenant_id.

create table members (
    tenant_id    text        not null references tenants (id),
    id           uuid        not null,
    subject      text,
    email        text        not null check (length(email) between 3 and 320),
    display_name text        not null default '' check (length(display_name) <= 200),
    role         text        not null check (role in ('owner', 'admin', 'member', 'viewer')),
    version      bigint      not null default 0,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, email),
    unique (tenant_id, subject)
);

create table projects (
    tenant_id   text        not null references tenants (id),
    id          uuid        not null,
    slug        text        not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text        not null check (length(name) between 1 and 200),
    description text        not null default '' check (length(description) <= 4000),
    version     bigint      not null default 0,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id, slug)
);

create table documents (
    tenant_id  text        not null references tenants (id),
    id         uuid        not null,
    project_id uuid        not null,
    title      text        not null check (length(title) between 1 and 500),
    body       text        not null default '',
    tags       varchar[]   not null default '{}',
    status     text        not null default 'draft' check (status in ('draft', 'published', 'archived')),
    size_bytes bigint      not null default 0,
    created_by text,
    version    bigint      not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, project_id) references projects (tenant_id, id) on delete cascade
);
-- Cursor pagination walks (created_at, id) inside one project; filters by status and tag stay per tenant.
create index documents_by_project on documents (tenant_id, project_id, created_at, id);
create index documents_by_status on documents (tenant_id, status);
-- btree_gin lets the tag index lead with tenant_id like every other index.
create extension if not exists btree_gin;
create index documents_by_tag on documents using gin (tenant_id, tags);

-- One row per tenant (unique tenant_id); the id only gives the row the same key shape as every other table.
create table tenant_settings (
    tenant_id  text        not null references tenants (id),
    id         uuid        not null,
    settings   jsonb       not null default '{}',
    version    bigint      not null default 0,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id),
    unique (tenant_id)
);

alter table members enable row level security;
alter table members force row level security;
create policy tenant_isolation on members
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update, delete on members to ${app_role};

alter table projects enable row level security;
alter table projects force row level security;
create policy tenant_isolation on projects
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update, delete on projects to ${app_role};

alter table documents enable row level security;
alter table documents force row level security;
create policy tenant_isolation on documents
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update, delete on documents to ${app_role};

alter table tenant_settings enable row level security;
alter table tenant_settings force row level security;
create policy tenant_isolation on tenant_settings
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update, delete on tenant_settings to ${app_role};
