-- Which tenants have unpublished events, without counting them (bench/events.sh, issue 18): the relay asks every
-- second on every instance, and outbox_pending() (V10) counts every pending row to answer, so a 30,000-event flood
-- made each instance's poll a scan of 30,000 index entries (50-185 ms under load, two instances: twice). This walks
-- the pending-rows index once per tenant (a loose index scan) and reads each tenant's oldest pending row; the counts
-- (metrics, stats) come from outbox_pending() less often. Same shape as V10: SECURITY DEFINER, tenant ids and a
-- time only, never an event.
create function outbox_pending_tenants() returns table (tenant_id text, oldest timestamptz)
    language sql stable security definer set search_path = public as $$
    with recursive t (tenant_id) as (
        (select o.tenant_id from outbox_events o where o.published_at is null order by o.tenant_id limit 1)
        union all
        select (select o.tenant_id from outbox_events o
                 where o.published_at is null and o.tenant_id > t.tenant_id order by o.tenant_id limit 1)
          from t
         where t.tenant_id is not null
    )
    select t.tenant_id,
           (select o.occurred_at from outbox_events o
             where o.tenant_id = t.tenant_id and o.published_at is null order by o.seq limit 1)
      from t
     where t.tenant_id is not null
$$;
revoke all on function outbox_pending_tenants() from public;
grant execute on function outbox_pending_tenants() to ${app_role};
