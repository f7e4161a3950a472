-- A backlog of :count events of ONE tenant in the outbox, committed in one transaction (bench/events.sh).
-- Run as the application role with app.tenant_id set (PGOPTIONS), so RLS checks the rows exactly as it checks the
-- service's own. Each row is a copy of the tenant's real DocumentCreated event :'template' (written by
-- DomainEvents.record through the API) with a new event id, a new document id (in the payload too) and its own
-- occurred-at: the same columns, the same payload bytes apart from those, the same seq/published_at defaults. The
-- relay finds them at its next poll (outbox_pending(), every second) and carries them like any other events.
begin;
insert into outbox_events (tenant_id, id, aggregate_type, aggregate_id, aggregate_version, event_type, occurred_at,
                           payload, traceparent)
select t.tenant_id, e.id, t.aggregate_type, e.doc, t.aggregate_version, t.event_type, e.at,
       replace(replace(replace(t.payload, t.id::text, e.id::text), t.aggregate_id::text, e.doc::text),
               '"occurredAt":"' || (t.payload::jsonb ->> 'occurredAt') || '"',
               '"occurredAt":"' || to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"'),
       null
  from outbox_events t,
       lateral (select gen_random_uuid() as id, gen_random_uuid() as doc,
                       date_trunc('microseconds', clock_timestamp()) as at
                  from generate_series(1, :count)) e
 where t.id = :'template';
commit;
