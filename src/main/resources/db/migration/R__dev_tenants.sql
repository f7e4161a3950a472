-- Local stack and test data only: the dev realm's tenants and members (deploy/keycloak/enclave-realm.json),
-- bound to the realm's fixed user ids. A no-op unless the seed_dev_tenants placeholder is true, which only the
-- "local" and "test" profiles set (flyway locations are fixed at build time; placeholders are not).
do $$
begin
    if '${seed_dev_tenants}' <> 'true' then
        return;
    end if;

    insert into tenants (id, name, plan, status) values
        ('acme', 'Acme Corporation', 'pro', 'active'),
        ('globex', 'Globex Inc.', 'free', 'active')
    on conflict (id) do nothing;

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
