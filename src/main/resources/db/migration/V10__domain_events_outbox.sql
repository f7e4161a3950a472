-- Domain events (DESIGN.md §5): a transactional outbox relayed to Kafka, and the ids each consumer has processed.
--
-- How the relay reads every tenant's outbox without weakening RLS for the application role: it never reads
-- rows across tenants. It works per tenant, under TenantScope.runAs(tenant), so RLS filters its reads and
-- writes exactly as for a request of that tenant. The only cross-tenant question it asks is "which tenants
-- have unpublished events, how many, since when", answered by outbox_pending() below: a narrow SECURITY
-- DEFINER function (like V3's tenant_owning) that returns tenant ids and counts, never an event. Two instances
-- never publish the same row: a tenant's pass holds a transaction-scoped advisory lock on that tenant
-- (pg_try_advisory_xact_lock), so one instance at a time publishes a tenant's rows, in seq order, which keeps
-- per-aggregate order. (FOR UPDATE SKIP LOCKED on rows would let two instances publish one aggregate's
-- consecutive events concurrently and reorder them.)

create table outbox_events (
    tenant_id         text        not null references tenants (id),
    id                uuid        not null,            -- the event id (Kafka header event-id)
    -- Insertion order. Within one aggregate it is also commit order: a change locks the aggregate's row
    -- (optimistic version check), so the next change of it cannot insert its event before this one commits.
    seq               bigint      generated always as identity,
    aggregate_type    text        not null check (aggregate_type in ('member', 'project', 'document')),
    aggregate_id      uuid        not null,
    aggregate_version bigint      not null,
    event_type        text        not null check (event_type ~ '^[A-Z][A-Za-z]{1,62}$'),
    occurred_at       timestamptz not null,
    payload           text        not null,            -- the Kafka value, byte for byte (it is signed)
    traceparent       text,
    published_at      timestamptz,
    primary key (tenant_id, id)
);
-- The relay's per-tenant scan (pending rows in seq order) and outbox_pending()'s per-tenant counts.
create index outbox_pending_by_tenant on outbox_events (tenant_id, seq) include (occurred_at) where published_at is null;
-- Retention: published rows are purged per tenant after a while.
create index outbox_published_by_tenant on outbox_events (tenant_id, published_at) where published_at is not null;

alter table outbox_events enable row level security;
alter table outbox_events force row level security;
create policy tenant_isolation on outbox_events
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, update, delete on outbox_events to ${app_role};

-- The owner reads every tenant's outbox only through outbox_pending() (the same pattern as V3's owner_probe).
create policy owner_relay on outbox_events for select to current_user using (true);

create function outbox_pending() returns table (tenant_id text, pending bigint, oldest timestamptz)
    language sql stable security definer set search_path = public as $$
    select o.tenant_id, count(*), min(o.occurred_at)
      from outbox_events o
     where o.published_at is null
     group by o.tenant_id
$$;
revoke all on function outbox_pending() from public;
grant execute on function outbox_pending() to ${app_role};

-- A consumer's memory of the events it has applied, written in the same transaction as its derived output, so a
-- redelivered event (Kafka is at-least-once) changes nothing the second time.
create table processed_events (
    tenant_id    text        not null references tenants (id),
    consumer     text        not null check (consumer ~ '^[a-z][a-z0-9-]{1,62}$'),
    event_id     uuid        not null,
    -- clock_timestamp(), not now(): the moment this event was applied, for lag measurements.
    processed_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, consumer, event_id)
);
create index processed_events_by_time on processed_events (tenant_id, processed_at);

alter table processed_events enable row level security;
alter table processed_events force row level security;
create policy tenant_isolation on processed_events
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert, delete on processed_events to ${app_role};
