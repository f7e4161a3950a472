-- One count of stored bytes: storage_usage, which the storage quota charges in the same transaction as each
-- document write (exact at commit). usage_counters.stored_bytes, the usage meter's copy derived from domain events
-- (behind by the consumer's lag, and counting only what was written since the meter started), goes.

-- Every tenant gets its storage_usage row now, from what its documents hold, so the counter is all there is
-- (until now a tenant's row was created by its first write). Row by row as each tenant: forced RLS stays on.
do $$
declare
    t record;
begin
    for t in select id from tenants loop
        perform set_config('app.tenant_id', t.id, true);
        insert into storage_usage (tenant_id, used_bytes)
        select t.id, coalesce(sum(size_bytes), 0) from documents where tenant_id = t.id
        on conflict (tenant_id) do nothing;
    end loop;
    perform set_config('app.tenant_id', '', true);
end
$$;

alter table usage_counters drop column stored_bytes;
