-- Moving a tenant between the shared search index and a dedicated one (search work) changes
-- tenants.search_placement. The application role only reads the registry (V1); rather than granting it UPDATE on
-- the table, this function of the owner role changes that one column of one tenant to one of the two values the
-- check constraint allows, and nothing else.
create function set_search_placement(tenant text, placement text) returns boolean
    language sql volatile security definer set search_path = public as $$
    update tenants set search_placement = placement, updated_at = now() where id = tenant returning true
$$;
revoke all on function set_search_placement(text, text) from public;
grant execute on function set_search_placement(text, text) to ${app_role};
