#!/usr/bin/env bash
# Soak (bench/README.md): a bounded run of two tenants against one packaged instance, acme with a steady mixed
# load (reads, writes, searches), globex flooding writes above its rate limit; per minute acme's latency and the
# app's footprint (RSS, heap after a full GC, DB connections, HTTP connections, threads), then first minute, last
# minute and slope. Something that leaks shows as a slope. Stops by itself after SOAK_MINUTES.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, port_open, http_ok

MINUTES=${SOAK_MINUTES:-20}
ACME_WRITE_RATE=${SOAK_ACME_WRITE_RATE:-5}    # acme's document writes/s
ACME_READ_RATE=${SOAK_ACME_READ_RATE:-10}     # acme's reads of a known document/s
ACME_SEARCH_RATE=${SOAK_ACME_SEARCH_RATE:-2}  # acme's searches/s
GLOBEX_LIMIT=${SOAK_GLOBEX_LIMIT:-10}         # globex's requests/s (and burst) for the run
GLOBEX_RATE=${SOAK_GLOBEX_RATE:-40}           # globex's offered writes/s (above its limit: 429s)
WARMUP=${SOAK_WARMUP_SECONDS:-30}             # the same load before minute 1, not measured
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx512m}
APP_OPTS=${BENCH_APP_OPTS:-}
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
OPENSEARCH=${BENCH_OPENSEARCH:-http://127.0.0.1:9200}
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH/results/$STAMP
DB=enclave_bench_soak
RUN=soak-$(tr 'TZ' 'tz' <<<"$STAMP")
TOPIC=enclave.domain-events.$RUN
DLQ=enclave.domain-events.dlq.$RUN
INDEX_PREFIX=enclave-bench-$RUN
mkdir -p "$OUT"

APP_PID="" TOPICS_CREATED="" ANALYZER_PID=""
LOAD_PIDS=()
cleanup() {
  set +e
  local p i
  for p in "${LOAD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  [[ -n $ANALYZER_PID ]] && kill "$ANALYZER_PID" 2>/dev/null
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; fi
  [[ -n $TOPICS_CREATED ]] && topics delete "$TOPIC" "$DLQ"
  for i in $(curl -sS --max-time 10 "$OPENSEARCH/_cat/indices/$INDEX_PREFIX-*?h=index" 2>/dev/null); do
    curl -sS --max-time 20 -X DELETE "$OPENSEARCH/$i" >>"$OUT/indexes.log" 2>&1
  done
  true
}
trap cleanup EXIT

topics() { # topics create|delete <topic>...: on the stack's broker, this run's own topics
  local action=$1 t specs=()
  shift
  for t in "$@"; do specs+=("$t:$([[ $t == "$TOPIC" ]] && echo 3 || echo 1)"); done
  java -Xmx64m -cp "$ROOT/target/quarkus-app/lib/main/*" "$BENCH/events/Topics.java" "$action" "${specs[@]}" \
    >>"$OUT/topics.log" 2>&1
}

start_app() {
  PORT=$(free_port 18400)
  # shellcheck disable=SC2086 # JAVA_OPTS and APP_OPTS are lists of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError -Dquarkus.profile=local -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$(management_port "$PORT")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Denclave.events.topic="$TOPIC" -Denclave.events.dead-letter-topic="$DLQ" -Denclave.events.group-suffix="-$RUN" \
    -Denclave.events.channels.search-indexer.topic="$TOPIC" \
    -Denclave.events.channels.search-indexer.dead-letter-topic="$DLQ" \
    -Denclave.search.index-prefix="$INDEX_PREFIX" -Denclave.limits.redis.key-prefix="$RUN:" \
    $APP_OPTS -jar "$JAR" >"$OUT/app.log" 2>&1 &
  APP_PID=$!
  wait_ready "$APP_PID" "$PORT" "$OUT/app.log" "the app"
}

su_sql() { psql "${PG[@]}" -U postgres -d "$DB" -tA -F' ' "$@"; }
analyze() { su_sql -c "analyze outbox_events, processed_events, usage_counters, usage_items, activity_entries, documents" >/dev/null; }
json_id() { python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'; }

# One sample of the app's footprint: "rss_mib heap_after_gc_mib db_connections http_connections threads".
sample() {
  local heap rss threads db http
  jcmd "$APP_PID" GC.run >/dev/null 2>&1 || true
  # G1: "garbage-first heap total 524288K, used 123456K"; other collectors: the sum of their generations' "used".
  heap=$(jcmd "$APP_PID" GC.heap_info 2>/dev/null | awk '
    /garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { g = $(i + 1) + 0 } }
    /generation +total/ { for (i = 1; i <= NF; i++) if ($i == "used") { s += $(i + 1) + 0 } }
    END { printf "%.1f", (g > 0 ? g : s) / 1024 }')
  rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$APP_PID/status")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$APP_PID/status")
  db=$(su_sql -c "select count(*) from pg_stat_activity where datname = '$DB'")
  http=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
  echo "$rss $heap $db $http $threads"
}

main() {
  local t0 tok root acme_project globex_project doc start m next
  t0=$(now)
  need psql postgresql-client
  need jcmd openjdk-17-jdk-headless
  need ss iproute2
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  port_open 9092 || die "Kafka is not up (./enclave up kafka)"
  port_open 6379 || die "Redis is not up (./enclave up redis)"
  build

  log "$DB: creating afresh"
  pg_admin -c "drop database if exists $DB with (force)"
  pg_admin -c "create database $DB owner enclave_owner"
  pg_admin -c "grant connect on database $DB to enclave_app"
  topics create "$TOPIC" "$DLQ" || die "could not create the topics (see $OUT/topics.log)"
  TOPICS_CREATED=1
  start_app
  if [[ $(su_sql -c "show autovacuum") != on ]]; then
    (while sleep 10; do analyze; done) &
    ANALYZER_PID=$!
  fi

  tok=$(token alice)
  acme_project=$(curl -sS --max-time 20 -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d '{"slug":"soak","name":"Soak"}' "http://127.0.0.1:$PORT/api/v1/projects" | json_id)
  doc=$(curl -sS --max-time 20 -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d '{"title":"known document","body":"read by the soak","tags":["bench"]}' \
    "http://127.0.0.1:$PORT/api/v1/projects/$acme_project/documents" | json_id)
  globex_project=$(curl -sS --max-time 20 -H "Authorization: Bearer $(token bob)" -H 'Content-Type: application/json' \
    -d '{"slug":"soak","name":"Soak"}' "http://127.0.0.1:$PORT/api/v1/projects" | json_id)
  root=$(token root)
  curl -sS --fail-with-body --max-time 20 -H "Authorization: Bearer $root" -X PATCH \
    -H 'Content-Type: application/merge-patch+json' -d "{\"requestsPerSecond\": $GLOBEX_LIMIT, \"burst\": $GLOBEX_LIMIT}" \
    "http://127.0.0.1:$PORT/admin/v1/tenants/globex/limits" >"$OUT/globex-limits.json" || die "could not set globex's limits"

  # The clients run a minute past the last sample (they are stopped right after it), so it still sees their load.
  local seconds=$((WARMUP + MINUTES * 60 + 60))
  log "load for ${WARMUP}s warm-up + $MINUTES min: acme ${ACME_WRITE_RATE} writes/s, ${ACME_READ_RATE} reads/s, \
${ACME_SEARCH_RATE} searches/s; globex ${GLOBEX_RATE} writes/s against a limit of ${GLOBEX_LIMIT}/s ..."
  python3 "$BENCH/faults/load.py" --port "$PORT" --keycloak "$KEYCLOAK" --persona alice --project "$acme_project" \
    --doc "$doc" --seconds "$seconds" --write-rate "$ACME_WRITE_RATE" --read-rate "$ACME_READ_RATE" \
    --search-rate "$ACME_SEARCH_RATE" --label "soak-acme" --out "$OUT/acme.requests.tsv" 2>>"$OUT/load.log" &
  LOAD_PIDS+=($!)
  nice -n 10 python3 "$BENCH/faults/load.py" --port "$PORT" --keycloak "$KEYCLOAK" --persona bob \
    --project "$globex_project" --seconds "$seconds" --write-rate "$GLOBEX_RATE" --label "soak-globex" \
    --out "$OUT/globex.requests.tsv" 2>>"$OUT/load.log" &
  LOAD_PIDS+=($!)
  sleep "$WARMUP"
  start=$EPOCHREALTIME
  echo "$start" >"$OUT/start"
  : >"$OUT/samples.tsv"
  for ((m = 1; m <= MINUTES; m++)); do
    next=$(awk -v s="$start" -v m="$m" -v n="$EPOCHREALTIME" 'BEGIN { d = s + m * 60 - n; printf "%.2f", (d > 0 ? d : 0) }')
    sleep "$next"
    kill -0 "$APP_PID" 2>/dev/null || die "the app died in minute $m (see $OUT/app.log)"
    printf '%s %s\n' "$m" "$(sample)" >>"$OUT/samples.tsv"
    log "  minute $m/$MINUTES: $(tail -n 1 "$OUT/samples.tsv")"
  done
  local p
  for p in "${LOAD_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" || true; done
  LOAD_PIDS=()
  curl -sS --max-time 10 "http://127.0.0.1:$(management_port "$PORT")/q/metrics" >"$OUT/metrics.txt" 2>/dev/null || true
  report | tee "$OUT/summary.txt"
  python3 "$BENCH/faults/plot.py" soak "$OUT" >"$OUT/soak.svg" || log "no picture (plot.py failed)"
  log "done in $(since "$t0")"
}

# soak.tsv (per minute: acme's latency from the request log, the footprint samples) and the first/last/slope table.
report() {
  python3 - "$OUT" <<'EOF'
import sys
out = sys.argv[1]
start = float(open(f"{out}/start").read())
samples = {int(l.split()[0]): l.split()[1:] for l in open(f"{out}/samples.tsv") if l.strip()}
minutes = sorted(samples)
lat = {m: [] for m in minutes}
due = {m: [] for m in minutes}
bad = {m: 0 for m in minutes}
g429 = {m: 0 for m in minutes}
gok = {m: 0 for m in minutes}
for name in ("acme", "globex"):
    for line in open(f"{out}/{name}.requests.tsv"):
        t, kind, status, ms, _, from_due = line.rstrip("\n").split("\t")
        m = int((float(t) - start) // 60) + 1
        if m not in lat:
            continue
        if name == "acme":
            lat[m].append(float(ms))
            due[m].append(float(from_due))
            if not status[:1] == "2":
                bad[m] += 1
        elif status == "429":
            g429[m] += 1
        elif status[:1] == "2":
            gok[m] += 1
def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(q * len(v)))] if v else float("nan")
head = ["minute", "acme_p50_ms", "acme_p99_ms", "acme_p99_from_due_ms", "acme_requests", "acme_non_2xx", "globex_2xx", "globex_429",
        "rss_mib", "heap_after_gc_mib", "db_connections", "http_connections", "threads"]
rows = []
for m in minutes:
    rows.append([m, round(pct(lat[m], 0.5), 1), round(pct(lat[m], 0.99), 1), round(pct(due[m], 0.99), 1), len(lat[m]),
                 bad[m], gok[m], g429[m]]
                + [float(x) for x in samples[m]])
with open(f"{out}/soak.tsv", "w") as f:
    f.write("\t".join(head) + "\n")
    for r in rows:
        f.write("\t".join(str(x) for x in r) + "\n")
def slope(ys):  # least squares, per minute
    xs = minutes
    n = len(xs)
    if n < 2:
        return float("nan")
    mx, my = sum(xs) / n, sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float("nan")
print(f"Soak, {len(minutes)} minutes measured; per minute (acme: requests started in that minute; footprint: sampled "
      f"at its end, heap after a full GC)")
print(f"{'metric':<20} {'minute 1':>10} {'last':>10} {'slope/min':>10} {'min':>10} {'max':>10}")
for i, h in enumerate(head[1:], start=1):
    ys = [r[i] for r in rows]
    if not ys:
        continue
    print(f"{h:<20} {ys[0]:>10g} {ys[-1]:>10g} {slope(ys):>+10.3g} {min(ys):>10g} {max(ys):>10g}")
print(f"raw: bench/results/{out.rstrip('/').split('/')[-1]} (soak.tsv, soak.svg, acme.requests.tsv, globex.requests.tsv, samples.tsv, app.log)")
EOF
}

main "$@"
