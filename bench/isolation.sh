#!/usr/bin/env bash
# Tenant isolation benchmark (bench/README.md): one tenant's API throughput and latency when the database holds
# 10 versus 10,000 tenants, and the cost of row-level security for the same indexed queries. One command, prints a
# table; raw outputs, app logs and the table go to bench/results/<time>/ (git-ignored).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, median

SIZES=(10 10000)                               # tenants in each database
DOCS=${BENCH_DOCS:-50}                         # documents per tenant (one project each)
ROUNDS=${BENCH_ROUNDS:-3}                      # alternating rounds; the table shows medians
RUN_SECONDS=${BENCH_SECONDS:-10}               # one wrk run
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-8}      # per app and endpoint, before the rounds
WRK_THREADS=${BENCH_WRK_THREADS:-2}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-8}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-8}    # one pgbench run
PGBENCH_CLIENTS=${BENCH_PGBENCH_CLIENTS:-2}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx512m}
TENANT=acme    # the tenant under load: alice's (dev realm), present in both databases with the same shape
PERSONA=alice
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

APP_PIDS=()
stop_apps() {
  local pid
  for pid in "${APP_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  APP_PIDS=()
}
trap stop_apps EXIT

db_of() { echo "enclave_bench_$1"; }
owner_psql() { psql "${PG[@]}" -U enclave_owner "$@"; }

# A database per size, created like the test databases. Kept between runs when it already holds exactly the
# expected data (seeding 10,000 tenants takes a while); otherwise dropped and created afresh.
prepare_database() { # prepare_database <tenants>: prints "seed" when the data must be (re)loaded
  local n=$1 db ready
  db=$(db_of "$n")
  ready=$(owner_psql -d "$db" -tAc "select (select count(*) from tenants) = $n
      and (select count(*) from documents) = $n * $DOCS
      and exists (select 1 from documents where id = md5('$TENANT/doc/1')::uuid)" 2>/dev/null || true)
  if [[ $ready == t ]]; then
    log "$db: $n tenants x $DOCS documents already loaded"
    return 0
  fi
  log "$db: creating"
  pg_admin -c "drop database if exists $db with (force)"
  pg_admin -c "create database $db owner enclave_owner"
  pg_admin -c "grant connect on database $db to enclave_app"
  echo seed
}

# The packaged app against one bench database (production profile: JSON logs, no test data). It migrates the
# database at start (asked for: production leaves that to a Job); seed_dev_tenants adds the dev realm's tenants
# and members, so alice's token works. Its rate buckets, event topics, consumer groups and search indexes are its
# own: the two apps and a running dev service share nothing but the servers.
start_app() { # start_app <tenants> <port>
  local n=$1 port=$2 pid
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.port="$port" -Dquarkus.management.port="$(management_port "$port")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$(db_of "$n")" \
    -Dquarkus.flyway.migrate-at-start=true \
    -Dquarkus.flyway.placeholders.seed_dev_tenants=true \
    -Denclave.events.signing-key=bench-only-events-signing-key-not-a-secret \
    -Denclave.limits.redis.key-prefix="enclave-bench-$n:" \
    -Denclave.events.topic="enclave-bench-$n.domain-events" \
    -Denclave.events.dead-letter-topic="enclave-bench-$n.domain-events.dlq" \
    -Denclave.events.group-suffix="-bench-$n" \
    -Denclave.search.index-prefix="enclave-bench-$n" \
    -jar "$JAR" >"$OUT/app-$n.log" 2>&1 &
  pid=$!
  APP_PIDS+=("$pid")
  wait_ready "$pid" "$port" "$OUT/app-$n.log" "app for $n tenants"
}

seed() { # seed <tenants>
  local n=$1 t0
  t0=$(now)
  log "$(db_of "$n"): loading $n tenants x (2 members, 1 project, $DOCS documents) ..."
  owner_psql -d "$(db_of "$n")" -v tenants="$n" -v docs="$DOCS" -f "$BENCH/sql/seed.sql" >/dev/null
  log "$(db_of "$n"): loaded in $(since "$t0")"
}

# Both apps must answer the same thing for the tenant before their speed is compared.
check_app() { # check_app <tenants> <port>
  local n=$1 port=$2 items
  items=$(curl -sS --max-time 10 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port$(<"$OUT/list.paths")" |
    python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')
  [[ $items == $((DOCS < 50 ? DOCS : 50)) ]] || die "app ($n tenants): list returned $items items"
  [[ $(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$port$(head -n 1 "$OUT/get.paths")") == 200 ]] || die "app ($n tenants): GET document failed"
}

wrk_run() { # wrk_run <tenants> <endpoint> <seconds> <round|warmup>
  local n=$1 endpoint=$2 secs=$3 round=$4 result
  result=$(BENCH_TOKEN=$TOKEN BENCH_PATHS=$OUT/$endpoint.paths \
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${secs}s" --timeout 5s -s "$BENCH/wrk/tenant.lua" \
    "http://127.0.0.1:${PORT[$n]}" 2>&1 | tee -a "$OUT/wrk.log" | sed -n 's/^RESULT //p')
  [[ -n $result ]] || die "wrk printed no result (see $OUT/wrk.log)"
  [[ $round == warmup ]] && return 0
  # endpoint tenants round rps p50 p99 requests non2xx socket_errors
  awk -v e="$endpoint" -v n="$n" -v r="$round" '{
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      print e, n, r, v["rps"], v["p50_ms"], v["p99_ms"], v["requests"], v["non2xx"], v["socket_errors"] }' \
    <<<"$result" >>"$OUT/http.tsv"
}

pgbench_run() { # pgbench_run <get|page> <rls|norls> <round>
  local query=$1 path=$2 round=$3 out tps lat
  local db
  db=$(db_of "${SIZES[-1]}")
  if [[ $path == rls ]]; then
    out=$(PGOPTIONS="-c app.tenant_id=$TENANT" pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j "$PGBENCH_CLIENTS" \
      -T "$PGBENCH_SECONDS" -D docs="$DOCS" -f "$BENCH/sql/$query.sql" -h 127.0.0.1 -U enclave_app "$db" 2>&1)
  else
    out=$(pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j "$PGBENCH_CLIENTS" \
      -T "$PGBENCH_SECONDS" -D docs="$DOCS" -f "$BENCH/sql/$query.sql" -h 127.0.0.1 -U postgres "$db" 2>&1)
  fi
  printf '### %s %s round %s\n%s\n' "$query" "$path" "$round" "$out" >>"$OUT/pgbench.log"
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")
  [[ -n $tps && -n $lat ]] || die "pgbench failed: $out"
  echo "$query $path $round $tps $lat" >>"$OUT/db.tsv"
}

# The RLS path must return exactly the rows the no-RLS path returns, or comparing their speed means nothing.
# Their plans go to plans.txt.
check_queries() {
  local db query text rls norls role
  db=$(db_of "${SIZES[-1]}")
  for query in get page; do
    text=$(grep -v -e '^--' -e '^\\set' "$BENCH/sql/$query.sql" | sed 's/:k/1/g')
    rls=$(PGOPTIONS="-c app.tenant_id=$TENANT" psql "${PG[@]}" -U enclave_app -d "$db" -tA -c "$text" | md5sum)
    norls=$(psql "${PG[@]}" -U postgres -d "$db" -tA -c "$text" | md5sum)
    [[ $rls == "$norls" && $rls != "$(printf '' | md5sum)" ]] || die "$query: RLS and no-RLS results differ or are empty"
    for role in postgres enclave_app; do
      { echo "### $query as $role"
        PGOPTIONS="-c app.tenant_id=$TENANT" psql "${PG[@]}" -U "$role" -d "$db" -c "explain (analyze, buffers) $text"
      } >>"$OUT/plans.txt" 2>&1
    done
  done
}

http_median() { awk -v e="$1" -v n="$2" -v c="$3" '$1 == e && $2 == n { print $c }' "$OUT/http.tsv" | median; }
db_median() { awk -v q="$1" -v p="$2" -v c="$3" '$1 == q && $2 == p { print $c }' "$OUT/db.tsv" | median; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r >= t ? "ok" : "BELOW TARGET") }'; }

report() {
  local e label small large r1 r2 q
  printf 'Tenant isolation benchmark, %s, %s alternating rounds (medians), load average %s\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$ROUNDS" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'HTTP, tenant %s (%s'"'"'s token), %s documents per tenant; wrk -t%s -c%s, %s s per run\n' \
    "$TENANT" "$PERSONA" "$DOCS" "$WRK_THREADS" "$WRK_CONNECTIONS" "$RUN_SECONDS"
  printf '%-40s %27s %27s %s\n' "" "10 tenants" "10,000 tenants" "req/s 10k/10"
  printf '%-40s %9s %8s %8s %9s %8s %8s %s\n' endpoint "req/s" "p50 ms" "p99 ms" "req/s" "p50 ms" "p99 ms" "(target >= 0.90)"
  for e in get list; do
    if [[ $e == get ]]; then label="GET /api/v1/documents/{id}"; else label="GET /api/v1/projects/{id}/documents?limit=50"; fi
    small=$(http_median "$e" 10 4)
    large=$(http_median "$e" 10000 4)
    r1=$(awk -v a="$large" -v b="$small" 'BEGIN { printf "%.2f", a / b }')
    printf '%-40s %9.1f %8.2f %8.2f %9.1f %8.2f %8.2f %s %s\n' "$label" \
      "$small" "$(http_median "$e" 10 5)" "$(http_median "$e" 10 6)" \
      "$large" "$(http_median "$e" 10000 5)" "$(http_median "$e" 10000 6)" "$r1" "$(verdict "$r1" 0.9)"
  done
  printf '(non-2xx responses: %s; socket errors: %s)\n\n' \
    "$(awk '{ s += $8 } END { print s + 0 }' "$OUT/http.tsv")" "$(awk '{ s += $9 } END { print s + 0 }' "$OUT/http.tsv")"
  printf 'Database, tenant %s in the %s-tenant database; pgbench -M prepared -c%s, %s s per run\n' \
    "$TENANT" "${SIZES[-1]}" "$PGBENCH_CLIENTS" "$PGBENCH_SECONDS"
  printf '%-40s %19s %19s %s\n' "" "no RLS (postgres)" "RLS (enclave_app)" "tps RLS/no RLS"
  printf '%-40s %9s %9s %9s %9s %s\n' query tps "lat ms" tps "lat ms" "(target >= 0.95)"
  for q in get page; do
    if [[ $q == get ]]; then label="document by (tenant_id, id)"; else label="page of 50 by (tenant_id, project_id)"; fi
    small=$(db_median "$q" norls 4)
    large=$(db_median "$q" rls 4)
    r2=$(awk -v a="$large" -v b="$small" 'BEGIN { printf "%.2f", a / b }')
    printf '%-40s %9.0f %9.3f %9.0f %9.3f %s %s\n' "$label" "$small" "$(db_median "$q" norls 5)" \
      "$large" "$(db_median "$q" rls 5)" "$r2" "$(verdict "$r2" 0.95)"
  done
  printf '\nraw: %s\n' "${OUT#"$ROOT"/}"
}

main() {
  local n round order e q p t0
  t0=$(now)
  need wrk wrk
  need pgbench postgresql-client
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  build

  declare -gA PORT SEED
  local port=18080
  for n in "${SIZES[@]}"; do
    SEED[$n]=$(prepare_database "$n")
  done
  for n in "${SIZES[@]}"; do
    port=$(free_port "$port")
    PORT[$n]=$port
    start_app "$n" "$port"
    port=$((port + 1))
    [[ ${SEED[$n]} == seed ]] && seed "$n"
  done

  psql "${PG[@]}" -U enclave_owner -d "$(db_of "${SIZES[0]}")" -tAc \
    "select '/api/v1/documents/' || md5('$TENANT/doc/' || i)::uuid from generate_series(1, $DOCS) i" >"$OUT/get.paths"
  psql "${PG[@]}" -U enclave_owner -d "$(db_of "${SIZES[0]}")" -tAc \
    "select '/api/v1/projects/' || md5('$TENANT/project')::uuid || '/documents?limit=50'" >"$OUT/list.paths"
  TOKEN=$(token "$PERSONA")
  for n in "${SIZES[@]}"; do check_app "$n" "${PORT[$n]}"; done

  log "warming up (${WARMUP_SECONDS}s per app and endpoint) ..."
  for n in "${SIZES[@]}"; do
    for e in get list; do wrk_run "$n" "$e" "$WARMUP_SECONDS" warmup; done
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    TOKEN=$(token "$PERSONA") # fresh per round: a run never outlives the token
    if ((round % 2)); then order=("${SIZES[@]}"); else order=("${SIZES[1]}" "${SIZES[0]}"); fi
    for e in get list; do
      for n in "${order[@]}"; do
        log "http round $round/$ROUNDS: $e, $n tenants"
        wrk_run "$n" "$e" "$RUN_SECONDS" "$round"
      done
    done
  done
  stop_apps

  check_queries
  for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then order=(norls rls); else order=(rls norls); fi
    for q in get page; do
      for p in "${order[@]}"; do
        log "db round $round/$ROUNDS: $q, $p"
        pgbench_run "$q" "$p" "$round"
      done
    done
  done

  report | tee "$OUT/summary.txt"
  log "done in $(since "$t0")"
}

main "$@"
