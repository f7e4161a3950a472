-- The audit log is append-only (V1): row triggers do not fire on TRUNCATE, so a role holding TRUNCATE (the owner)
-- could still empty it. A statement trigger on TRUNCATE refuses that too, for every role.
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only();
