-- The activity feed (GET /api/v1/activity): a tenant's recent domain events, derived from Kafka.

create table activity_entries (
    tenant_id         text        not null references tenants (id),
    event_id          uuid        not null,
    occurred_at       timestamptz not null,
    -- When the feed received the event (clock_timestamp: per row, not per transaction); lag measurements use it.
    recorded_at       timestamptz not null default clock_timestamp(),
    type              text        not null,
    aggregate_type    text        not null,
    aggregate_id      uuid        not null,
    aggregate_version bigint      not null,
    actor             text        not null,
    label             text        check (length(label) <= 500),
    primary key (tenant_id, event_id)
);
-- Newest first, keyset-paginated on (occurred_at, event_id).
create index activity_recent on activity_entries (tenant_id, occurred_at desc, event_id desc);

alter table activity_entries enable row level security;
alter table activity_entries force row level security;
create policy tenant_isolation on activity_entries
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert on activity_entries to ${app_role};
