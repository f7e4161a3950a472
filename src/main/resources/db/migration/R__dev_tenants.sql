-- Local stack and test data only: the dev realm's tenants and members (deploy/keycloak/enclave-realm.json),
-- bound to the realm's fixed user ids. A no-op unless the seed_dev_tenants placeholder is true, which only the
-- "local" and "test" profiles set (flyway locations are fixed at build time; placeholders are not).
-- The tenants are registered the way POST /admin/v1/tenants registers one: register_tenant (the id must be free)
-- and the provisioning -> active transition of change_tenant_status (V63). The rest is seed data: the realm's users
-- exist before the service, with fixed ids that tests and personas name, so no provision job makes them.
do $$
begin
    if '${seed_dev_tenants}' <> 'true' then
        return;
    end if;

    perform register_tenant('acme', 'Acme Corporation', 'pro', 'local', 'shared');
    perform register_tenant('globex', 'Globex Inc.', 'free', 'local', 'shared');
    perform change_tenant_status(t, array['provisioning'], 'active', null, null) from unnest(array['acme', 'globex']) t;

    -- Tenant tables are under forced RLS even for their owner, so each tenant's rows are written as that tenant.
    perform set_config('app.tenant_id', 'acme', true);
    insert into members (tenant_id, id, subject, email, display_name, role) values
        ('acme', '00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a1', 'alice@acme.test', 'Alice', 'owner'),
        ('acme', '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a2', 'carol@acme.test', 'Carol', 'viewer')
    on conflict do nothing;

    perform set_config('app.tenant_id', 'globex', true);
    insert into members (tenant_id, id, subject, email, display_name, role) values
        ('globex', '00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000b1', 'bob@globex.test', 'Bob', 'owner'),
        ('globex', '00000000-0000-4000-8000-0000000000b2', '00000000-0000-4000-8000-0000000000b2', 'dave@globex.test', 'Dave', 'member')
    on conflict do nothing;

    perform set_config('app.tenant_id', '', true);
end $$;
