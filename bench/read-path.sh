#!/usr/bin/env bash
# Read-path benchmark (bench/README.md, issue 16): what an authenticated read costs next to the HTTP ceiling and to
# PostgreSQL doing the same transaction. Four lines, one run each after a warm-up, side by side:
#   GET /q/health/live (no auth: the HTTP ceiling), GET /api/v1/me (token, tenant, limits, no row),
#   GET /api/v1/documents/{id} (one row by key), pgbench of begin; set tenant; select that row; commit.
# Also counts PostgreSQL transactions per request (pg_stat_database.xact_commit of the bench database) and the
# service's CPU time per request (/proc: what a busy, shared machine disturbs least).
# Prints the table and the ratios against the issue's goals; writes summary.txt, runs.tsv and chart.svg to
# bench/results/read-path/<UTC time>/ (raw logs under raw/, git-ignored).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, wait_ready

RUN_SECONDS=${BENCH_SECONDS:-15}            # one measured wrk / pgbench run
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-15}  # per HTTP line, before its run (the JIT settles)
WRK_THREADS=${BENCH_WRK_THREADS:-2}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-32}
PGBENCH_CLIENTS=${BENCH_PGBENCH_CLIENTS:-$WRK_CONNECTIONS}
DOCS=${BENCH_DOCS:-50}                      # acme's documents, cycled through by the document line
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms64m -Xmx384m} # what ./enclave up gives the service (deploy/local/service.sh)
APP_OPTS=${BENCH_APP_OPTS:-}                # extra -D options for the service
PROFILE=${BENCH_PROFILE:-0}                 # 1: async-profiler (Maven Central) on the /me and document runs
ASYNC_PROFILER=4.1
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
DB=enclave_bench_read
TENANT=acme PERSONA=alice
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
JAR=${BENCH_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar} # another build: BENCH_JAR=<dir>/quarkus-run.jar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULT=$BENCH/results/read-path/$STAMP
OUT=$RESULT/raw
mkdir -p "$OUT"

APP_PID=
stop_app() {
  [[ -n $APP_PID ]] || return 0
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=
}
trap stop_app EXIT

owner_psql() { psql "${PG[@]}" -U enclave_owner -d "$DB" "$@"; }

# async-profiler's agent from Maven Central (tools.profiler:async-profiler, linux-x64), kept under bench/results/.
profiler_lib() {
  local dir=$BENCH/results/.tools/async-profiler-$ASYNC_PROFILER
  if [[ ! -f $dir/linux-x64/libasyncProfiler.so ]]; then
    mkdir -p "$dir"
    curl -sSf -o "$dir/ap.jar" \
      "https://repo1.maven.org/maven2/tools/profiler/async-profiler/$ASYNC_PROFILER/async-profiler-$ASYNC_PROFILER-linux-x64.jar" ||
      die "could not download async-profiler"
    (cd "$dir" && unzip -q -o ap.jar linux-x64/libasyncProfiler.so)
  fi
  echo "$dir/linux-x64/libasyncProfiler.so"
}

# Loads the agent into the running service (jcmd) with one command: start, or stop and write a file.
profiler() { # profiler <agent arguments>
  # quoted: jcmd would take the "=" in the options for its own name=value arguments
  local out
  out=$(jcmd "$APP_PID" JVMTI.agent_load "$(profiler_lib)" "\"$1\"" 2>&1)
  echo "$out" >>"$OUT/profiler.log"
  [[ $out == *"return code: 0"* ]] || die "async-profiler: $1 failed: $out (see $OUT/app.log)"
}

# Created like the test databases; kept between runs when it already holds the expected data (bench/sql/seed.sql:
# acme, globex and 8 more tenants, 1 project and DOCS documents each).
prepare_database() { # prints "seed" when the data must be (re)loaded
  local ready
  ready=$(owner_psql -tAc "select (select count(*) from documents where tenant_id = '$TENANT') = $DOCS
      and exists (select 1 from documents where id = md5('$TENANT/doc/1')::uuid)" 2>/dev/null || true)
  if [[ $ready == t ]]; then
    log "$DB: already loaded"
    return 0
  fi
  log "$DB: creating"
  pg_admin -c "drop database if exists $DB with (force)"
  pg_admin -c "create database $DB owner enclave_owner"
  pg_admin -c "grant connect on database $DB to enclave_app"
  echo seed
}

# The packaged service (production profile: JSON logs) as ./enclave up sizes it, migrating the bench database at
# start and seeding the dev realm's tenants, with Redis keys, topics, groups and indexes of its own.
start_app() { # start_app <port>
  # shellcheck disable=SC2086 # JAVA_OPTS and APP_OPTS are lists of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.port="$1" -Dquarkus.management.port="$(management_port "$1")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Dquarkus.flyway.migrate-at-start=true \
    -Dquarkus.flyway.placeholders.seed_dev_tenants=true \
    -Denclave.events.signing-key=bench-only-events-signing-key-not-a-secret \
    -Denclave.limits.redis.key-prefix=enclave-bench-read: \
    -Denclave.events.topic=enclave-bench-read.domain-events \
    -Denclave.events.dead-letter-topic=enclave-bench-read.domain-events.dlq \
    -Denclave.events.group-suffix=-bench-read \
    -Denclave.search.index-prefix=enclave-bench-read \
    $APP_OPTS -jar "$JAR" >"$OUT/app.log" 2>&1 &
  APP_PID=$!
  wait_ready "$APP_PID" "$1" "$OUT/app.log" "service"
}

# acme's limits out of the way, so that the run measures the checks and not refusals.
raise_limits() {
  curl -sS --fail-with-body --max-time 20 -X PATCH -H "Authorization: Bearer $(token root)" \
    -H 'Content-Type: application/merge-patch+json' \
    -d '{"requestsPerSecond": 1000000, "burst": 1000000, "maxInFlight": 10000}' \
    "http://127.0.0.1:$PORT/admin/v1/tenants/$TENANT/limits" >/dev/null || die "could not raise $TENANT's limits"
  sleep 3 # every instance applies a change within enclave.limits.refresh (2 s)
}

# Transactions the database has seen. A backend reports its counts when it goes idle, at most 10 s later
# (PostgreSQL 15: PGSTAT_IDLE_INTERVAL), so a run's count is read 11 s after it ended.
commits() { owner_psql -tAc "select xact_commit + xact_rollback from pg_stat_database where datname = '$DB'"; }

# CPU seconds the service has used (user + system): per request, the cost that a busy machine disturbs least.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$APP_PID/stat"; }

wrk_run() { # wrk_run <line> <url> <paths file|-> <seconds> <warmup|run>
  local line=$1 url=$2 paths=$3 secs=$4 kind=$5 result before after cpu0 cpu1
  [[ $kind == warmup ]] || { sleep 11; before=$(commits); }
  cpu0=$(cpu_seconds)
  result=$(BENCH_TOKEN=${TOKEN:-none} BENCH_PATHS=$paths \
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${secs}s" --timeout 5s -s "$BENCH/wrk/tenant.lua" "$url" 2>&1 |
    tee -a "$OUT/wrk.log" | sed -n 's/^RESULT //p')
  [[ -n $result ]] || die "wrk printed no result (see $OUT/wrk.log)"
  [[ $kind == warmup ]] && return 0
  cpu1=$(cpu_seconds)
  sleep 11
  after=$(commits)
  # line rps p50 p99 requests non2xx socket_errors db_transactions service_cpu_seconds
  awk -v l="$line" -v tx=$((after - before)) -v cpu="$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }')" '{
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      print l, v["rps"], v["p50_ms"], v["p99_ms"], v["requests"], v["non2xx"], v["socket_errors"], tx, cpu }' \
    <<<"$result" >>"$RESULT/runs.tsv"
}

pgbench_run() {
  local out tps lat
  out=$(pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j "$WRK_THREADS" -T "$RUN_SECONDS" -D docs="$DOCS" \
    -f "$BENCH/sql/read-tx.sql" -h 127.0.0.1 -U enclave_app "$DB" 2>&1)
  printf '%s\n' "$out" >>"$OUT/pgbench.log"
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")
  [[ -n $tps && -n $lat ]] || die "pgbench failed: $out"
  echo "pgbench $tps $lat nan $(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out") 0 0 nan nan" >>"$RESULT/runs.tsv"
}

col() { awk -v l="$1" -v c="$2" '$1 == l { print $c }' "$RESULT/runs.tsv"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" -v d="${3:-ge}" 'BEGIN { ok = d == "ge" ? r >= t : r <= t; print (ok ? "ok" : "MISSED") }'; }

report() {
  local health me doc pg line label p99
  printf 'Read path, %s, one run of %s s per line after %s s warm-up; wrk -t%s -c%s; pgbench -M prepared -c%s -j%s\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$RUN_SECONDS" "$WARMUP_SECONDS" "$WRK_THREADS" "$WRK_CONNECTIONS" "$PGBENCH_CLIENTS" "$WRK_THREADS"
  printf 'service: %s %s; load average %s (2 cores, shared)\n\n' "${JAR#"$ROOT"/}" "$JAVA_OPTS" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-58s %10s %8s %8s %10s %12s\n' request "req/s" "p50 ms" "p99 ms" "db tx/req" "CPU ms/req"
  for line in health me doc pgbench; do
    case $line in
      health) label='GET /q/health/live (no auth: the HTTP ceiling)' ;;
      me) label='GET /api/v1/me (token + tenant + limits, no row)' ;;
      doc) label='GET /api/v1/documents/{id} (one row by key)' ;;
      pgbench) label='pgbench: begin; set tenant; select that row; commit' ;;
    esac
    if [[ $line == pgbench ]]; then
      printf '%-58s %10.0f %8s %8s %10s\n' "$label" "$(col pgbench 2)" "" "" ""
    else
      printf '%-58s %10.0f %8.2f %8.2f %10.2f %12.3f\n' "$label" "$(col "$line" 2)" "$(col "$line" 3)" "$(col "$line" 4)" \
        "$(awk -v t="$(col "$line" 8)" -v n="$(col "$line" 5)" 'BEGIN { print t / n }')" \
        "$(awk -v c="$(col "$line" 9)" -v n="$(col "$line" 5)" 'BEGIN { print c * 1000 / n }')"
    fi
  done
  printf '(non-2xx responses: %s; socket errors: %s; pgbench latency average %s ms)\n\n' \
    "$(awk '{ s += $6 } END { print s + 0 }' "$RESULT/runs.tsv")" "$(awk '{ s += $7 } END { print s + 0 }' "$RESULT/runs.tsv")" \
    "$(col pgbench 3)"
  health=$(col health 2) me=$(col me 2) doc=$(col doc 2) pg=$(col pgbench 2) p99=$(col doc 4)
  printf '%-58s %10s %s\n' goal measured ""
  printf '%-58s %10s %s\n' '/me >= 0.5 x the HTTP ceiling' "$(ratio "$me" "$health")" "$(verdict "$(ratio "$me" "$health")" 0.5)"
  printf '%-58s %10s %s\n' 'document by id >= 0.3 x pgbench' "$(ratio "$doc" "$pg")" "$(verdict "$(ratio "$doc" "$pg")" 0.3)"
  printf '%-58s %10s %s\n' 'document by id p99 <= 15 ms' "$p99" "$(verdict "$p99" 15 le)"
  printf '\nresults: %s\n' "${RESULT#"$ROOT"/}"
}

# Four bars, hand-written SVG: req/s (tx/s for pgbench) on one linear scale.
chart() {
  awk -v title="Read path, $STAMP, load $(cut -d' ' -f1-3 /proc/loadavg)" '
    { rate[$1] = $2 }
    END {
      n = split("health me doc pgbench", k, " ")
      split("GET /q/health/live|GET /api/v1/me|GET /api/v1/documents/{id}|pgbench, same transaction", names, "|")
      max = 0; for (i = 1; i <= n; i++) if (rate[k[i]] > max) max = rate[k[i]]
      w = 520; left = 230; h = 40 * n + 60
      printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", left + w + 90, h
      printf "<text x=\"10\" y=\"18\" font-size=\"13\">%s (requests or transactions per second)</text>\n", title
      for (i = 1; i <= n; i++) {
        y = 35 + (i - 1) * 40; bw = max > 0 ? rate[k[i]] / max * w : 0
        printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 8, y + 18, names[i]
        printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"26\" fill=\"%s\"/>\n", left, y, bw, k[i] == "pgbench" ? "#7a7a7a" : "#3a6ea5"
        printf "<text x=\"%.1f\" y=\"%d\">%.0f</text>\n", left + bw + 6, y + 18, rate[k[i]]
      }
      print "</svg>"
    }' "$RESULT/runs.tsv" >"$RESULT/chart.svg"
}

main() {
  need wrk wrk
  need pgbench postgresql-client
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  [[ -n ${BENCH_JAR:-} ]] || build
  local seed
  seed=$(prepare_database)
  PORT=$(free_port 18480)
  start_app "$PORT"
  if [[ $seed == seed ]]; then
    log "$DB: loading ..."
    owner_psql -v tenants=10 -v docs="$DOCS" -f "$BENCH/sql/seed.sql" >/dev/null
  fi
  raise_limits
  owner_psql -tAc "select '/api/v1/documents/' || md5('$TENANT/doc/' || i)::uuid from generate_series(1, $DOCS) i" >"$OUT/doc.paths"
  echo /api/v1/me >"$OUT/me.paths"
  echo /q/health/live >"$OUT/health.paths"
  TOKEN=$(token "$PERSONA")
  [[ $(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$(head -n 1 "$OUT/doc.paths")") == 200 ]] ||
    die "GET document as $PERSONA failed"
  : >"$RESULT/runs.tsv"
  local line url
  for line in health me doc; do
    url=http://127.0.0.1:$PORT
    [[ $line == health ]] && url=http://127.0.0.1:$(management_port "$PORT")
    TOKEN=$(token "$PERSONA") # fresh per line: a run never outlives the token
    log "$line: warm-up ${WARMUP_SECONDS}s, then ${RUN_SECONDS}s"
    wrk_run "$line" "$url" "$OUT/$line.paths" "$WARMUP_SECONDS" warmup
    if [[ $PROFILE == 1 && $line != health ]]; then
      # cpu samples (itimer: no perf_events needed); a flame graph, and where the time goes (read-path-profile.py)
      profiler "start,event=itimer,interval=1ms"
      wrk_run "$line" "$url" "$OUT/$line.paths" "$RUN_SECONDS" run
      profiler "dump,file=$OUT/profile-$line.collapsed,collapsed"
      profiler "stop,file=$RESULT/profile-$line.html"
      python3 "$BENCH/read-path-profile.py" "$OUT/profile-$line.collapsed" >"$RESULT/profile-$line.txt"
    else
      wrk_run "$line" "$url" "$OUT/$line.paths" "$RUN_SECONDS" run
    fi
  done
  stop_app
  log "pgbench: ${RUN_SECONDS}s"
  pgbench_run
  report | tee "$RESULT/summary.txt"
  chart
}

main "$@"
