-- The online move of a tenant between databases (dev.enclave.placement.move): a write guard in every placement.
-- While a move copies a tenant out of this database, the key of every row it writes here is recorded (the move
-- replays them into the target); at the cut-over and after the move, its writes here are refused (SQLSTATE EN503:
-- the app answers 503 with Retry-After, and the writer's next try goes to the tenant's new database).

-- global table: tenant_moves — a tenant being moved out of this database, or moved away from it. Keyed by `tenant`
-- (a `tenant_id` column marks tenant-owned tables for RlsStartupGuard). Written by the move job as the owner only.
create table tenant_moves (
    tenant     text        primary key,
    state      text        not null check (state in ('capturing', 'fenced', 'moved')),
    job        uuid,
    changed_at timestamptz not null default now()
);

-- global table: tenant_changes — the keys of rows a tenant wrote here while it was being copied out (the move's
-- catch-up re-reads each row by key). Written by the guard (security definer), read and emptied by the move job.
create table tenant_changes (
    seq        bigint generated always as identity primary key,
    tenant     text   not null,
    table_name text   not null,
    row_key    jsonb  not null
);
create index tenant_changes_by_tenant on tenant_changes (tenant, seq);

create function tenant_move_lock_key(tenant text) returns bigint language sql immutable
    as $$ select hashtextextended('enclave.tenant-move:' || tenant, 0) $$;

-- Every write of a tenant row takes the tenant's move lock shared: the cut-over takes it exclusively, so in-flight
-- writes finish first and new ones wait. With no tenant_moves row (nearly always) nothing more happens. The
-- cleanup of a moved tenant's rows here passes with app.tenant_move_cleanup = the tenant, as the owner only.
-- Arguments: the table's primary key columns.
create function tenant_write_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
    t     text;
    state text;
    r     jsonb;
    k     jsonb := '{}';
    i     int;
begin
    if TG_OP = 'DELETE' then t := OLD.tenant_id; else t := NEW.tenant_id; end if;
    perform pg_advisory_xact_lock_shared(tenant_move_lock_key(t));
    select m.state into state from tenant_moves m where m.tenant = t;
    if found and not (session_user = current_user and current_setting('app.tenant_move_cleanup', true) is not distinct from t) then
        if state <> 'capturing' then
            raise exception 'tenant % is moving to another database', t using errcode = 'EN503';
        end if;
        if TG_OP = 'DELETE' then r := to_jsonb(OLD); else r := to_jsonb(NEW); end if;
        for i in 0 .. TG_NARGS - 1 loop
            k := k || jsonb_build_object(TG_ARGV[i], r -> TG_ARGV[i]);
        end loop;
        insert into tenant_changes (tenant, table_name, row_key) values (t, TG_TABLE_NAME, k);
        if TG_OP = 'UPDATE' then
            -- a key change moves the row: the old key must be replayed too (as a delete)
            r := to_jsonb(OLD);
            if exists (select 1 from generate_series(0, TG_NARGS - 1) j where r -> TG_ARGV[j] is distinct from k -> TG_ARGV[j]) then
                k := '{}';
                for i in 0 .. TG_NARGS - 1 loop
                    k := k || jsonb_build_object(TG_ARGV[i], r -> TG_ARGV[i]);
                end loop;
                insert into tenant_changes (tenant, table_name, row_key) values (t, TG_TABLE_NAME, k);
            end if;
        end if;
    end if;
    if TG_OP = 'DELETE' then return OLD; end if;
    return NEW;
end $$;
revoke all on function tenant_write_guard() from public;

-- The move's catch-up reads the recorded keys as the tenant (the application role, app.tenant_id set) in the same
-- snapshot as the rows they name, and forgets those it replayed: the current tenant's only, never another's.
create function tenant_move_changes() returns table (seq bigint, table_name text, row_key jsonb)
    language sql stable security definer set search_path = public as $$
    select c.seq, c.table_name, c.row_key from tenant_changes c
     where c.tenant = current_setting('app.tenant_id', true) order by c.seq
$$;
create function tenant_move_forget_changes(seqs bigint[]) returns bigint
    language sql volatile security definer set search_path = public as $$
    with gone as (delete from tenant_changes c where c.tenant = current_setting('app.tenant_id', true) and c.seq = any(seqs)
                  returning 1)
    select count(*) from gone
$$;
revoke all on function tenant_move_changes() from public;
revoke all on function tenant_move_forget_changes(bigint[]) from public;
grant execute on function tenant_move_changes() to ${app_role};
grant execute on function tenant_move_forget_changes(bigint[]) to ${app_role};

-- One per tenant table (every table with tenant_id; TenantWriteGuardTest fails for a tenant table without it).
create trigger tenant_write_guard before insert or update or delete on activity_entries
    for each row execute function tenant_write_guard('tenant_id', 'event_id');
create trigger tenant_write_guard before insert or update or delete on ai_reservations
    for each row execute function tenant_write_guard('tenant_id', 'id');
create trigger tenant_write_guard before insert or update or delete on ai_usage
    for each row execute function tenant_write_guard('tenant_id', 'period');
create trigger tenant_write_guard before insert or update or delete on documents
    for each row execute function tenant_write_guard('tenant_id', 'id');
create trigger tenant_write_guard before insert or update or delete on members
    for each row execute function tenant_write_guard('tenant_id', 'id');
create trigger tenant_write_guard before insert or update or delete on outbox_events
    for each row execute function tenant_write_guard('tenant_id', 'id');
create trigger tenant_write_guard before insert or update or delete on processed_events
    for each row execute function tenant_write_guard('tenant_id', 'consumer', 'event_id');
create trigger tenant_write_guard before insert or update or delete on projects
    for each row execute function tenant_write_guard('tenant_id', 'id');
create trigger tenant_write_guard before insert or update or delete on storage_usage
    for each row execute function tenant_write_guard('tenant_id');
create trigger tenant_write_guard before insert or update or delete on tenant_settings
    for each row execute function tenant_write_guard('tenant_id', 'id');
create trigger tenant_write_guard before insert or update or delete on usage_counters
    for each row execute function tenant_write_guard('tenant_id');
create trigger tenant_write_guard before insert or update or delete on usage_items
    for each row execute function tenant_write_guard('tenant_id', 'kind', 'id');

-- A busy tenant's status could not change: V63's change_tenant_status locked the registry row FOR UPDATE, which
-- waits for every FOR KEY SHARE lock the foreign-key checks of the tenant's writes take on that row, and starves
-- while they keep coming (a move's migrating/active transitions under steady writes waited 40 s). FOR NO KEY UPDATE
-- is what the UPDATE below takes anyway: it still orders racing status changes, and lets the writes go on.
create or replace function change_tenant_status(tenant text, expected text[], target text, reason text, purge_at timestamptz)
    returns table (moved boolean, status text) language plpgsql volatile security definer set search_path = public as $$
declare
    current_status text;
begin
    select t.status into current_status from tenants t where t.id = tenant for no key update;
    if current_status is null then
        return;
    end if;
    if current_status = any (expected)
       and exists (select 1 from tenant_transitions where from_status = current_status and to_status = target) then
        update tenants set status = target, status_reason = reason, purge_after = purge_at,
                           status_changed_at = now(), updated_at = now()
         where id = tenant;
        moved := true;
        status := target;
    else
        moved := false;
        status := current_status;
    end if;
    return next;
end $$;
