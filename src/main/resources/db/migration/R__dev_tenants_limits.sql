-- Local stack and test data only (runs after R__dev_tenants, which creates the tenants): the dev tenants get
-- roomy request limits so that local work and other features' tests are not throttled. The limits tests and
-- bench/noisy-neighbour.sh set their own through the admin API. A no-op unless seed_dev_tenants is true.
do $$
begin
    if '${seed_dev_tenants}' <> 'true' then
        return;
    end if;
    insert into tenant_limits (tenant, requests_per_second, burst, max_in_flight, storage_bytes, updated_by) values
        ('acme',   2000, 5000, 256, 1073741824, 'seed'),
        ('globex', 2000, 5000, 256, 1073741824, 'seed')
    on conflict (tenant) do nothing;
end $$;
