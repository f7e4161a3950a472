#!/usr/bin/env bash
# Tenant export (bench/README.md): a tenant with BENCH_EXPORT_DOCS documents (100,000) exported through the API
# (POST /admin/v1/tenants/{id}/exports, then GET until it succeeded) by the packaged service running in a small heap
# (-Xmx256m): wall time, and the heap's peak during the export (the most any GC found in use when it started, from
# the JVM's GC log, within the export's window). BENCH_EXPORT_RUNS (3) exports of the same tenant by one instance:
# median and worst. A bounded heap is the point: the export streams (a cursor page, one file at a time), so its
# peak does not grow with the tenant.
# Needs the local stack with S3Proxy (./enclave stack up). Its own database (enclave_bench_export, made afresh), own
# Kafka topic names, search index prefix and Redis key prefix, so it touches no other instance's state; its bundles
# are deleted from the store at the end.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, wait_ready, median

DOCS=${BENCH_EXPORT_DOCS:-100000}
RUNS=${BENCH_EXPORT_RUNS:-3}
BODY_BYTES=${BENCH_EXPORT_BODY_BYTES:-600}      # each document's body
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms64m -Xmx256m}
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
S3=${BENCH_S3:-http://127.0.0.1:9000}
S3_KEYS=(enclave-local dev-only-objectstore-secret-not-a-secret) # the %local profile's (deploy/local/s3proxy)
BUCKET=enclave-exports
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH/results/$STAMP-export
DB=enclave_bench_export
RUN=export-$$
TENANT=bench-export
mkdir -p "$OUT"

APP_PID=""
cleanup() {
  set +e
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; fi
  if [[ -f $JAR ]]; then
    java -Xmx64m -cp "$ROOT/target/quarkus-app/lib/main/*" "$BENCH/export/DeletePrefix.java" "$S3" "$BUCKET" \
      "${S3_KEYS[@]}" "exports/$TENANT/" >>"$OUT/cleanup.log" 2>&1
  fi
  curl -sS --max-time 20 -X DELETE "http://127.0.0.1:9200/enclave-bench-$RUN-*" >>"$OUT/cleanup.log" 2>&1
  true
}
trap cleanup EXIT

owner_sql() { psql "${PG[@]}" -U enclave_owner -d "$DB" -tA "$@"; }
json_field() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(d.get(sys.argv[1]) or "")' "$1"; }
uptime_s() { curl -sS --max-time 10 "http://127.0.0.1:$PORT/q/metrics" | awk '/^process_uptime_seconds / { print $2 }'; }

start_app() {
  PORT=$(free_port 18400)
  # GC log with the JVM's uptime on every line: the export's window is cut out of it by uptime.
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError -Xlog:gc:file="$OUT/gc.log":uptime -Dquarkus.profile=local \
    -Dquarkus.http.port="$PORT" -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Denclave.events.topic="enclave-$RUN.domain-events" -Denclave.events.dead-letter-topic="enclave-$RUN.dlq" \
    -Denclave.events.group-suffix="-$RUN" -Denclave.search.index-prefix="enclave-bench-$RUN" \
    -Denclave.limits.redis.key-prefix="$RUN:" -jar "$JAR" >"$OUT/app.log" 2>&1 &
  APP_PID=$!
  wait_ready "$APP_PID" "$PORT" "$OUT/app.log" "the app"
}

# The tenant, as the control plane registers it, and its rows written as the tenant (like R__dev_tenants.sql).
seed() {
  owner_sql -c "select register_tenant('$TENANT', 'Bench export', 'enterprise', 'local', 'shared')" >/dev/null
  owner_sql -c "select change_tenant_status('$TENANT', array['provisioning'], 'active', 'bench', null)" >/dev/null
  owner_sql >/dev/null <<SQL
begin;
select set_config('app.tenant_id', '$TENANT', true);
insert into members (tenant_id, id, subject, email, display_name, role)
select '$TENANT', gen_random_uuid(), null, 'member' || n || '@bench.test', 'Member ' || n, 'member' from generate_series(1, 20) n;
insert into projects (tenant_id, id, slug, name) select '$TENANT', gen_random_uuid(), 'p' || n, 'Project ' || n from generate_series(1, 10) n;
with ps as (select array_agg(id order by slug) as ids from projects where tenant_id = '$TENANT')
insert into documents (tenant_id, id, project_id, title, body, tags, status, size_bytes)
select '$TENANT', gen_random_uuid(), ps.ids[1 + n % 10], 'Document ' || n, b.body,
       array['bench', 'n' || (n % 7)]::varchar[], 'published', octet_length('Document ' || n) + octet_length(b.body)
  from generate_series(1, $DOCS) n cross join ps cross join lateral (select repeat(md5(n::text), $BODY_BYTES / 32) as body) b;
insert into storage_usage (tenant_id, used_bytes) select '$TENANT', sum(size_bytes) from documents where tenant_id = '$TENANT';
commit;
SQL
}

# Over the GCs between two uptimes, in MiB: the most heap in use when a GC started (the peak, garbage included)
# and the most left after a collecting one, young or full (what the export kept alive): "[12.3s] GC(4) Pause Young
# ... 150M->40M(256M)".
heap_peaks() { # heap_peaks <from uptime s> <to uptime s>: prints "<peak> <after-GC max>"
  awk -v a="$1" -v b="$2" '
    function mib(s,  u, x) { u = substr(s, length(s), 1); x = substr(s, 1, length(s) - 1) + 0; return u == "K" ? x / 1024 : (u == "G" ? x * 1024 : x) }
    match($0, /^\[[0-9.]+s\]/) {
      t = substr($0, 2, RLENGTH - 3) + 0
      if (t < a || t > b || !match($0, /[0-9.]+[KMG]->[0-9.]+[KMG]/)) next
      split(substr($0, RSTART, RLENGTH), h, "->")
      if (mib(h[1]) > peak) peak = mib(h[1])
      if (/Pause (Young|Full)/ && mib(h[2]) > kept) kept = mib(h[2]) # remark and cleanup pauses free nothing
      n++
    }
    END { if (n == 0) print "nan nan"; else printf "%.0f %.0f\n", peak, kept }' "$OUT/gc.log"
}

# One export through the API: prints "<wall s> <peak heap MiB> <max after GC MiB> <GCs> <documents exported>".
export_once() {
  local u0 u1 t0 location body state wall
  u0=$(uptime_s)
  t0=$EPOCHREALTIME
  location=$(curl -sS --fail-with-body --max-time 20 -X POST -H "Authorization: Bearer $ROOT_TOKEN" -D - -o /dev/null \
    "http://127.0.0.1:$PORT/admin/v1/tenants/$TENANT/exports" | tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }')
  [[ -n $location ]] || die "no export started"
  [[ $location == http* ]] || location=http://127.0.0.1:$PORT$location
  while :; do
    body=$(curl -sS --max-time 20 -H "Authorization: Bearer $ROOT_TOKEN" "$location")
    state=$(json_field state <<<"$body")
    [[ $state == succeeded || $state == failed ]] && break
    kill -0 "$APP_PID" 2>/dev/null || die "the app died during the export (see $OUT/app.log)"
    sleep 0.2
  done
  wall=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  [[ $state == succeeded ]] || die "the export failed: $body"
  echo "$body" >>"$OUT/exports.json"
  u1=$(uptime_s)
  local gcs
  gcs=$(awk -v a="$u0" -v b="$u1" 'match($0, /^\[[0-9.]+s\]/) { t = substr($0, 2, RLENGTH - 3) + 0; if (t >= a && t <= b && /->/) n++ } END { print n + 0 }' "$OUT/gc.log")
  echo "$wall $(heap_peaks "$u0" "$u1") $gcs $(python3 -c 'import json, sys; d = json.load(sys.stdin)
print(next(f["count"] for f in d["result"]["manifest"]["files"] if f["entity"] == "documents"))' <<<"$body")"
}

main() {
  local t0 i
  t0=$(now)
  need psql postgresql-client
  need python3 python3
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  port_open 9000 || die "S3Proxy is not up (./enclave up s3proxy)"
  port_open 9092 || die "Kafka is not up (./enclave up kafka)"
  build

  log "$DB: creating afresh"
  pg_admin -c "drop database if exists $DB with (force)" >/dev/null
  pg_admin -c "create database $DB owner enclave_owner" >/dev/null
  pg_admin -c "grant connect on database $DB to enclave_app" >/dev/null
  start_app # migrates the database
  log "seeding $TENANT with $DOCS documents ..."
  seed
  log "seeded in $(since "$t0") since the start: $(owner_sql -c "select count(*) from documents where tenant_id = '$TENANT'") documents"
  ROOT_TOKEN=$(token root)
  : >"$OUT/runs.txt"
  for ((i = 1; i <= RUNS; i++)); do
    ROOT_TOKEN=$(token root) # a fresh one each run: a long export may outlive one
    export_once >>"$OUT/runs.txt"
    log "run $i: $(tail -n 1 "$OUT/runs.txt")"
  done

  col() { awk -v c="$1" '{ print $c }' "$OUT/runs.txt"; }
  worst() { sort -g | tail -n 1; }
  {
    printf 'Tenant export, %s documents (%s-byte bodies) + 20 members, 10 projects; %d runs; %s; load average %s\n' \
      "$DOCS" "$BODY_BYTES" "$RUNS" "$JAVA_OPTS" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '%-46s %10s %10s\n' "" median worst
    printf '%-46s %10s %10s\n' "wall time, POST to succeeded (s)" "$(col 1 | median)" "$(col 1 | worst)"
    printf '%-46s %10s %10s\n' "peak heap in use during the export (MiB)" "$(col 2 | median)" "$(col 2 | worst)"
    printf '%-46s %10s %10s\n' "most heap left after a GC (MiB)" "$(col 3 | median)" "$(col 3 | worst)"
    printf 'each run (wall s, peak heap MiB, most after a GC MiB, GCs during the export, documents exported):\n'
    sed 's/^/  /' "$OUT/runs.txt"
    printf 'raw: %s\n' "${OUT#"$ROOT"/}"
  } | tee "$OUT/table.txt"
}

main "$@"
