# PostgreSQL: the machine's own server (never stopped by us). We only make sure it runs and that
# Enclave's roles and databases exist. Sourced by ./enclave.

postgres_port() { echo 5432; }
postgres_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

# Superuser psql: TCP trust where the machine has it, else peer auth on the socket (fresh install).
pg_admin() {
  if psql -X -w -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    psql -X -w -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d postgres "$@"
  else
    as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
  fi
}

postgres_up() {
  local t0 cluster
  t0=$(now)
  lock postgres
  need pg_ctlcluster postgresql
  if ! postgres_ready; then
    cluster=$(pg_lsclusters -h | awk '$3 == 5432 { print $1, $2; exit }')
    [[ -n $cluster ]] || die "no PostgreSQL cluster on port 5432 (pg_lsclusters shows none)"
    log "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086 # "version name"
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster start
    for _ in $(seq 60); do postgres_ready && break; sleep 0.5; done
    postgres_ready || die "PostgreSQL did not come up, see /var/log/postgresql/"
  fi
  # Idempotent: owner role (Flyway), application role (no superuser, no RLS bypass, owns nothing).
  pg_admin <<'SQL'
SELECT 'CREATE ROLE enclave_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'enclave_owner')\gexec
SELECT 'CREATE ROLE enclave_app LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'enclave_app')\gexec
ALTER ROLE enclave_owner LOGIN NOSUPERUSER NOBYPASSRLS;
ALTER ROLE enclave_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
SELECT format('CREATE DATABASE %I OWNER enclave_owner', d) FROM unnest(ARRAY['enclave', 'enclave_test']) d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d)\gexec
ALTER DATABASE enclave OWNER TO enclave_owner;
ALTER DATABASE enclave_test OWNER TO enclave_owner;
GRANT CONNECT ON DATABASE enclave, enclave_test TO enclave_app;
SQL
  postgres_trust_loopback
  log "postgres ready on :5432 in $(since "$t0") (roles enclave_owner/enclave_app, dbs enclave/enclave_test)"
}

# The project's machines trust loopback connections; a fresh Debian install asks for passwords.
# Add trust for exactly our roles and databases on loopback, only when they cannot log in.
postgres_trust_loopback() {
  psql -X -w -h 127.0.0.1 -U enclave_app -d enclave -tAc 'select 1' >/dev/null 2>&1 && return 0
  local hba
  hba=$(pg_admin -tAc 'show hba_file')
  log "allowing trust auth for enclave roles on loopback in $hba"
  as_root sed -i '1i host enclave,enclave_test enclave_owner,enclave_app 127.0.0.1/32 trust\nhost enclave,enclave_test enclave_owner,enclave_app ::1/128 trust' "$hba"
  pg_admin -tAc 'select pg_reload_conf()' >/dev/null
  sleep 0.5
  psql -X -w -h 127.0.0.1 -U enclave_app -d enclave -tAc 'select 1' >/dev/null ||
    die "enclave_app still cannot connect to 127.0.0.1:5432, check $hba"
}

postgres_pid() {
  local f=(/var/run/postgresql/*-main.pid)
  [[ -f ${f[0]} ]] && head -n 1 "${f[0]}"
}
