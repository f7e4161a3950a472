# A second PostgreSQL server for dedicated tenant databases (placements, DESIGN §7): a cluster of our own, made
# with Debian's pg_createcluster on port 5433, so the machine's server on 5432 keeps its configuration. Its
# configuration is ours: loopback trust for Enclave's two roles only. Sourced by ./enclave.

POSTGRES2_CLUSTER=enclave2
postgres2_port() { echo 5433; }
postgres2_ready() { pg_isready -q -h 127.0.0.1 -p 5433 2>/dev/null; }
postgres2_pid() { # the cluster's version is the machine's (15 here, 16 on GitHub's ubuntu-24.04 runners)
  local f=(/var/run/postgresql/*-"$POSTGRES2_CLUSTER".pid)
  [[ -f ${f[0]} ]] && head -n 1 "${f[0]}"
}

# shellcheck disable=SC2120 # callers pass SQL on stdin today; psql options are welcome too
pg2_admin() { as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5433 -d postgres "$@"; }

postgres2_up() {
  local t0 version hba
  t0=$(now)
  lock postgres2
  need pg_createcluster postgresql-common
  version=$(pg_lsclusters -h | awk '$3 == 5432 { print $1; exit }')
  [[ -n $version ]] || version=15
  if ! pg_lsclusters -h | awk -v c="$POSTGRES2_CLUSTER" '$2 == c { found = 1 } END { exit !found }'; then
    log "creating PostgreSQL cluster $version/$POSTGRES2_CLUSTER on :5433"
    as_root pg_createcluster "$version" "$POSTGRES2_CLUSTER" --port 5433 >>"$LOGS/postgres2.log" 2>&1 ||
      die "pg_createcluster failed, see $LOGS/postgres2.log"
    hba=/etc/postgresql/$version/$POSTGRES2_CLUSTER/pg_hba.conf
    as_root sed -i '1i host all enclave_owner,enclave_app 127.0.0.1/32 trust\nhost all enclave_owner,enclave_app ::1/128 trust' "$hba"
  fi
  if ! postgres2_ready; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$POSTGRES2_CLUSTER" start >>"$LOGS/postgres2.log" 2>&1 ||
      die "PostgreSQL $POSTGRES2_CLUSTER did not start, see $LOGS/postgres2.log"
    for _ in $(seq 60); do postgres2_ready && break; sleep 0.5; done
    postgres2_ready || die "PostgreSQL $POSTGRES2_CLUSTER did not come up"
  fi
  # Same roles as on the shared server: roles are per server, and the dedicated databases enforce the same rules.
  pg2_admin <<'SQL'
SELECT 'CREATE ROLE enclave_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'enclave_owner')\gexec
SELECT 'CREATE ROLE enclave_app LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'enclave_app')\gexec
ALTER ROLE enclave_owner LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB;
ALTER ROLE enclave_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
SELECT format('CREATE DATABASE %I OWNER enclave_owner', d) FROM unnest(ARRAY['enclave_dedicated', 'enclave_test_dedicated']) d
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d)\gexec
GRANT CONNECT ON DATABASE enclave_dedicated, enclave_test_dedicated TO enclave_app;
SQL
  log "postgres2 ready on :5433 in $(since "$t0") (cluster $POSTGRES2_CLUSTER, dbs enclave_dedicated/enclave_test_dedicated)"
}

# Stopped with the stack: unlike the machine's server, this one is ours.
postgres2_down() {
  local version
  version=$(pg_lsclusters -h | awk -v c="$POSTGRES2_CLUSTER" '$2 == c { print $1; exit }')
  [[ -n $version ]] || return 0
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$POSTGRES2_CLUSTER" stop >>"$LOGS/postgres2.log" 2>&1 || true
}
