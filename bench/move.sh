#!/usr/bin/env bash
# Online move benchmark (bench/README.md, issue 14): acme (100,000 documents) moves shared -> dedicated -> shared
# while it writes at a steady rate and reads at another, and globex (as many documents) does the same. Prints a table:
# total move time, the write pause (the job's, and the moving tenant's write latency max/p99 during the moves),
# the other tenant's p99 during the moves / before, acknowledged writes vs rows at the end (lost, doubled), events
# applied once; and draws the moving tenant's write latency over time (move.svg). Raw outputs, the app's log and the
# table go to bench/results/<time>/.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, median

ROUNDS=${BENCH_ROUNDS:-1}               # moves there and back, each with its own table row
DOCS=${BENCH_DOCS:-100000}              # documents per tenant (changing it reloads the databases)
WRITES=${BENCH_WRITES:-50}              # writes/s of each tenant (issue 14's load; a busy 2-core machine needs less)
READS=${BENCH_READS:-200}               # reads/s of each tenant
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-45} # traffic not measured at first: a fresh service answered 25 req/s per
                                         # tenant 4-8 s late for its first 30 s here (2026-12-05, quiet machine)
BEFORE_SECONDS=${BENCH_BEFORE_SECONDS:-20} # steady traffic before the first move (the "before" p99)
BETWEEN_SECONDS=${BENCH_BETWEEN_SECONDS:-10}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx768m}
APP_OPTS=${BENCH_APP_OPTS:-}
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
DB=enclave_bench_move
DEDICATED_DB=enclave_bench_move_d
PLACEMENT=bench-dedicated
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
PG2=(-X -q -w -h 127.0.0.1 -p 5433 -v ON_ERROR_STOP=1)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)-move
mkdir -p "$OUT"
A=acme A_PERSONA=alice # the tenant that moves
B=globex B_PERSONA=bob # the one that stays

APP_PIDS=()
stop_apps() {
  local pid
  for pid in "${APP_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  APP_PIDS=()
}
trap 'touch "$OUT/stop"; stop_apps' EXIT

owner_psql() { psql "${PG[@]}" -U enclave_owner -d "$DB" "$@"; }
dedicated_psql() { psql "${PG2[@]}" -U enclave_owner -d "$DEDICATED_DB" "$@"; }
placement_of() { owner_psql -tAc "select db_placement from tenants where id = '$1'"; }

prepare_databases() { # prints "seed" when the data must be (re)loaded
  local ready
  ready=$(owner_psql -tAc "select count(*) = 2 * $DOCS from documents where title like 'Document %'" 2>/dev/null || true)
  if [[ $ready == t ]] && dedicated_psql -tAc "select 1" >/dev/null 2>&1; then
    log "$DB: 2 tenants x $DOCS documents already loaded"
    return 0
  fi
  log "$DB, $DEDICATED_DB (:5433): creating"
  pg_admin -c "drop database if exists $DB with (force)"
  pg_admin -c "create database $DB owner enclave_owner"
  pg_admin -c "grant connect on database $DB to enclave_app"
  psql "${PG2[@]}" -U enclave_owner -d postgres -c "drop database if exists $DEDICATED_DB with (force)"
  psql "${PG2[@]}" -U enclave_owner -d postgres -c "create database $DEDICATED_DB"
  psql "${PG2[@]}" -U enclave_owner -d postgres -c "grant connect on database $DEDICATED_DB to enclave_app"
  echo seed
}

# The packaged app against the bench database; it migrates at start, every registered placement included.
start_app() { # start_app <name> <port>
  local name=$1 port=$2 pid
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.port="$port" -Dquarkus.management.port="$(management_port "$port")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Dquarkus.flyway.migrate-at-start=true \
    -Dquarkus.flyway.placeholders.seed_dev_tenants=true \
    -Denclave.events.signing-key=bench-only-events-signing-key-not-a-secret \
    -Denclave.limits.redis.key-prefix=enclave-bench-move: \
    -Denclave.events.topic=enclave-bench-move.domain-events \
    -Denclave.events.dead-letter-topic=enclave-bench-move.domain-events.dlq \
    -Denclave.events.group-suffix=-bench-move \
    -Denclave.search.index-prefix=enclave-bench-move \
    $APP_OPTS -jar "$JAR" >>"$OUT/app-$name.log" 2>&1 &
  pid=$!
  APP_PIDS+=("$pid")
  wait_ready "$pid" "$port" "$OUT/app-$name.log" "app ($name)"
}

api() { # api <method> <path> [json]: as root
  local args=(-sS --max-time 30 -H "Authorization: Bearer $ROOT_TOKEN" -X "$1")
  [[ $# -gt 2 ]] && args+=(-H 'Content-Type: application/json' -d "$3")
  curl "${args[@]}" "http://127.0.0.1:$PORT$2"
}

# Starts a move and waits for its job; prints "state start_ms end_ms pause_ms total_ms" and keeps the job's JSON.
move() { # move <database> <label>
  local job state t0 t1 answer
  t0=$(date +%s%3N)
  answer=$(api POST "/admin/v1/tenants/$A/placement" "{\"database\": \"$1\"}")
  job=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$answer") || die "move not started: $answer"
  while :; do
    answer=$(api GET "/admin/v1/tenants/$A/placement/moves/$job")
    state=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])' <<<"$answer")
    [[ $state == succeeded || $state == failed ]] && break
    sleep 0.2
  done
  t1=$(date +%s%3N)
  echo "$answer" >"$OUT/move-$2.json"
  python3 -c 'import json,sys
j = json.load(sys.stdin); r = j.get("result") or {}
print(j["state"], sys.argv[1], sys.argv[2], r.get("pauseMs", -1), r.get("totalMs", -1))' "$t0" "$t1" <<<"$answer"
}

# round, rows of acknowledged writes at the end, acknowledged, lost (acknowledged, not there), doubled, events applied
check_writes() { # check_writes <round> <events applied>
  owner_psql -tA -c "create temp table acked (id uuid)" -c "\\copy acked from '$OUT/$A-$1.acked'" \
    -c "select set_config('app.tenant_id', '$A', false)" \
    -c "select count(*) || ' ' || (select count(*) from acked) || ' ' || (select count(*) from acked a where not exists
          (select 1 from documents d where d.tenant_id = '$A' and d.id = a.id))
          || ' ' || (select count(*) - count(distinct title) from documents where tenant_id = '$A' and title like 'bench-w-%')
        from documents where tenant_id = '$A' and title like 'bench-w-%'" |
    tail -1 | awk -v r="$1" -v a="$2" '{ print r "\t" $1 "\t" $2 "\t" $3 "\t" $4 "\t" a }'
}

main() {
  local t0 seed round project_a project_b line
  t0=$(now)
  need javac openjdk-17-jdk-headless
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  port_open 5433 || die "the second PostgreSQL server (:5433) is not running (./enclave up)"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  build
  javac -d "$OUT/client" "$BENCH/client/MoveLoad.java"

  seed=$(prepare_databases)
  PORT=$(free_port 18380)
  start_app bench "$PORT"
  if [[ $seed == seed ]]; then
    log "$DB: loading 2 tenants x (1 project, $DOCS documents) ..."
    owner_psql -v tenants=2 -v docs="$DOCS" -f "$BENCH/sql/seed.sql" >/dev/null
    owner_psql -tAc "select register_db_placement('$PLACEMENT', 'jdbc:postgresql://127.0.0.1:5433/$DEDICATED_DB')" >/dev/null
    stop_apps
    start_app bench "$PORT" # migrates the new placement at start
  fi
  [[ $(owner_psql -tAc "select status from db_placements where name = '$PLACEMENT'") == serving ]] ||
    die "placement $PLACEMENT is not serving: $(owner_psql -tAc "select detail from db_placements where name = '$PLACEMENT'")"
  # the request limits of both tenants well above what they send here (this database only)
  owner_psql -c "insert into tenant_limits (tenant, requests_per_second, burst, max_in_flight, updated_by)
      select t, 2000, 4000, 1000, 'bench/move.sh' from unnest(array['$A', '$B']) t
      on conflict (tenant) do update set requests_per_second = 2000, burst = 4000, max_in_flight = 1000" >/dev/null
  ROOT_TOKEN=$(token root)
  [[ $(placement_of "$A") == shared ]] || { log "$A is in $(placement_of "$A"): moving it back first"; move shared back0 >/dev/null; }
  project_a=$(owner_psql -tAc "select md5('$A/project')::uuid")
  project_b=$(owner_psql -tAc "select md5('$B/project')::uuid")
  for t in "$A" "$B"; do
    owner_psql -tAc "select 'x' || md5('$t/doc/' || i)::uuid from generate_series(1, 200) i" | sed 's|^x|/api/v1/documents/|' >"$OUT/$t.paths"
  done
  printf 'round\tmove\tstate\ttotal_ms\tpause_ms\tstart_ms\tend_ms\n' >"$OUT/moves.tsv"

  for ((round = 1; round <= ROUNDS; round++)); do
    log "round $round/$ROUNDS: cleaning the last round's writes, $A and $B writing ${WRITES}/s and reading ${READS}/s each"
    for t in "$A" "$B"; do
      owner_psql -c "select set_config('app.tenant_id', '$t', false)" -c "delete from documents where tenant_id = '$t' and title like 'bench-w-%'" >/dev/null
    done
    local events_before
    events_before=$(owner_psql -tAc "select set_config('app.tenant_id', '$A', false); select coalesce(sum(documents), 0) from usage_counters where tenant_id = '$A'" | tail -1)
    rm -f "$OUT/stop"
    BENCH_TOKEN=$(token "$A_PERSONA") java -cp "$OUT/client" MoveLoad "http://127.0.0.1:$PORT" "$project_a" "$OUT/$A.paths" \
      "$WRITES" "$READS" "$OUT/stop" "$OUT/$A-$round" >"$OUT/client-$A-$round.log" 2>&1 &
    local pa=$!
    BENCH_TOKEN=$(token "$B_PERSONA") java -cp "$OUT/client" MoveLoad "http://127.0.0.1:$PORT" "$project_b" "$OUT/$B.paths" \
      "$WRITES" "$READS" "$OUT/stop" "$OUT/$B-$round" >"$OUT/client-$B-$round.log" 2>&1 &
    local pb=$!
    sleep $((round == 1 ? WARMUP_SECONDS + BEFORE_SECONDS : BEFORE_SECONDS))
    log "round $round: moving $A to $PLACEMENT"
    line=$(move "$PLACEMENT" "$round-there") || die "the move there failed"
    printf '%s\tthere\t%s\n' "$round" "$(awk '{ print $1 "\t" $5 "\t" $4 "\t" $2 "\t" $3 }' <<<"$line")" >>"$OUT/moves.tsv"
    sleep "$BETWEEN_SECONDS"
    log "round $round: moving $A back to shared"
    line=$(move shared "$round-back") || die "the move back failed"
    printf '%s\tback\t%s\n' "$round" "$(awk '{ print $1 "\t" $5 "\t" $4 "\t" $2 "\t" $3 }' <<<"$line")" >>"$OUT/moves.tsv"
    sleep 5
    touch "$OUT/stop"
    wait "$pa" "$pb"
    # the events of acknowledged writes: published and applied once by the usage meter (one count per document)
    local acked deadline applied=0
    acked=$(wc -l <"$OUT/$A-$round.acked")
    deadline=$((SECONDS + 180))
    while ((SECONDS < deadline)); do
      applied=$(owner_psql -tAc "select set_config('app.tenant_id', '$A', false); select coalesce(sum(documents), 0) - $events_before from usage_counters where tenant_id = '$A'" | tail -1)
      ((applied >= acked)) && break
      sleep 2
    done
    sleep 3 # a late duplicate would show now
    applied=$(owner_psql -tAc "select set_config('app.tenant_id', '$A', false); select coalesce(sum(documents), 0) - $events_before from usage_counters where tenant_id = '$A'" | tail -1)
    check_writes "$round" "$applied" >>"$OUT/writes.tsv"
    log "round $round: done; rows in $(placement_of "$A") and acknowledged writes checked"
  done
  stop_apps
  BENCH_WARMUP_SECONDS=$WARMUP_SECONDS python3 "$BENCH/move/report.py" "$OUT" "$(uptime)" | tee "$OUT/summary.txt"
  log "done in $(since "$t0")"
}

main "$@"
