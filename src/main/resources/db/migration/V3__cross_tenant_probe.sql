-- Cross-tenant attempts are audited with the tenant that owns the target (DESIGN.md §2). The application role
-- cannot see other tenants' rows, so this function answers one narrow question with the owner's rights: which
-- tenant owns this id? It returns nothing else, and only the service calls it, never a client.

-- The owner may read every tenant's rows (it owns the schema and could disable RLS anyway); writes stay scoped.
create policy owner_probe on members for select to current_user using (true);
create policy owner_probe on projects for select to current_user using (true);
create policy owner_probe on documents for select to current_user using (true);

create function tenant_owning(kind text, object_id uuid) returns text
    language sql stable security definer set search_path = public as $$
    select tenant_id from members where kind = 'member' and id = object_id
    union all
    select tenant_id from projects where kind = 'project' and id = object_id
    union all
    select tenant_id from documents where kind = 'document' and id = object_id
    limit 1
$$;
revoke all on function tenant_owning(text, uuid) from public;
grant execute on function tenant_owning(text, uuid) to ${app_role};
