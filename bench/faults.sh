#!/usr/bin/env bash
# Fault suite (bench/README.md): steady load of one tenant while one component at a time fails and comes back; per
# fault what users saw, and afterwards whether every acknowledged write exists and reached every consumer exactly
# once, and how long the consumers took to catch up. Every fault hits something private to this run: its own Kafka
# broker, its own Redis, TCP relays (socat) in front of the shared PostgreSQL, OpenSearch and Keycloak, its own app.
# Prints a table; raw outputs, the app log and the table go to bench/results/<time>/ (git-ignored).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, port_open, http_ok

FAULTS=${BENCH_FAULTS:-kafka kafka-long search keycloak redis postgres kill9} # which, in this order
FAULTS_LONG=${FAULTS_LONG:-1}                      # 0 skips kafka-long
KAFKA_SECONDS=${BENCH_KAFKA_SECONDS:-30}           # (a)
KAFKA_LONG_SECONDS=${BENCH_KAFKA_LONG_SECONDS:-300} # (b)
SEARCH_SECONDS=${BENCH_SEARCH_SECONDS:-60}         # (c)
KEYCLOAK_SECONDS=${BENCH_KEYCLOAK_SECONDS:-60}     # (d)
REDIS_SECONDS=${BENCH_REDIS_SECONDS:-60}           # (e)
POSTGRES_SECONDS=${BENCH_POSTGRES_SECONDS:-20}     # (f)
BEFORE=${BENCH_BEFORE_SECONDS:-10}                 # load before each fault
AFTER=${BENCH_AFTER_SECONDS:-15}                   # load after the component is back
WRITE_RATE=${BENCH_WRITE_RATE:-10}                 # acme's document writes/s
READ_RATE=${BENCH_READ_RATE:-2}                    # reads of a known document/s
SEARCH_RATE=${BENCH_SEARCH_RATE:-2}                # searches/s
BURST_RATE=${BENCH_BURST_RATE:-30}                 # (g) writes/s of the burst the service is killed in
CATCHUP_TIMEOUT=${BENCH_CATCHUP_TIMEOUT:-300}      # seconds to wait for the consumers after each fault
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx512m}
APP_OPTS=${BENCH_APP_OPTS:-}
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
TENANT=acme PERSONA=alice
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH/results/$STAMP
DB=enclave_bench_faults
RUN=faults-$(tr 'TZ' 'tz' <<<"$STAMP")
TOPIC=enclave.domain-events.$RUN
DLQ=enclave.domain-events.dlq.$RUN
INDEX_PREFIX=enclave-bench-faults-${RUN#faults-}
OPENSEARCH=http://127.0.0.1:9200 # analysis only: the app reaches it through the relay
mkdir -p "$OUT"
[[ $FAULTS_LONG == 1 ]] || FAULTS=${FAULTS//kafka-long/}

APP_PID="" KAFKA_PID="" ANALYZER_PID="" LOAD_PID=""
declare -A RELAY_PID=()
cleanup() {
  set +e
  [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null
  [[ -n $ANALYZER_PID ]] && kill "$ANALYZER_PID" 2>/dev/null
  if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; fi
  local r
  for r in "${!RELAY_PID[@]}"; do relay_stop "$r"; done
  kafka_stop
  rm -rf "$OUT/kafka-data"
  [[ -s $OUT/redis.pid ]] && kill "$(<"$OUT/redis.pid")" 2>/dev/null
  delete_indexes
  true
}
trap cleanup EXIT

# --- the private components -------------------------------------------------------------------------------------

# A TCP relay in its own process group: stopping it drops every relayed connection and refuses new ones.
relay_start() { # relay_start <name> <listen port> <target port>
  setsid socat "TCP-LISTEN:$2,bind=127.0.0.1,reuseaddr,fork" "TCP:127.0.0.1:$3" >>"$OUT/relay-$1.log" 2>&1 </dev/null &
  RELAY_PID[$1]=$!
  local i
  for i in $(seq 50); do port_open "$2" && return 0; sleep 0.1; done
  die "relay $1 did not listen on :$2"
}
relay_stop() { # relay_stop <name>
  local pid=${RELAY_PID[$1]:-}
  [[ -n $pid ]] || return 0
  kill -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  RELAY_PID[$1]=
}

# Kafka from the cached jars, like src/test/java/dev/enclave/testing/PrivateKafkaResource.java.
kafka_prepare() {
  KAFKA_JARS=$(fetch kafka)
  KAFKA_PORT=$(free_port 19092)
  KAFKA_CPORT=$(free_port $((KAFKA_PORT + 1)))
  sed -e "s/1@127.0.0.1:9093/1@127.0.0.1:$KAFKA_CPORT/" -e "s/PLAINTEXT:\/\/127.0.0.1:9092/PLAINTEXT:\/\/127.0.0.1:$KAFKA_PORT/" \
    -e "s/CONTROLLER:\/\/127.0.0.1:9093/CONTROLLER:\/\/127.0.0.1:$KAFKA_CPORT/" "$ROOT/deploy/local/kafka/server.properties" \
    >"$OUT/kafka.properties"
  echo "log.dirs=$OUT/kafka-data" >>"$OUT/kafka.properties"
  local id
  id=A$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c2-22)
  java -Xmx128m -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2-tools.properties" -cp "$KAFKA_JARS/*" \
    kafka.tools.StorageTool format -t "$id" -c "$OUT/kafka.properties" >"$OUT/kafka-format.log" 2>&1 ||
    { cat "$OUT/kafka-format.log" >&2; die "could not format the private broker's storage"; }
}
KAFKA_STARTS=0
kafka_start() {
  local logf=$OUT/kafka-$((++KAFKA_STARTS)).log t0
  java -Xms256m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.properties" -cp "$KAFKA_JARS/*" \
    kafka.Kafka "$OUT/kafka.properties" >"$logf" 2>&1 </dev/null &
  KAFKA_PID=$!
  t0=$(now)
  until grep -q "Kafka Server started" "$logf"; do
    kill -0 "$KAFKA_PID" 2>/dev/null || { tail -n 20 "$logf" >&2; die "the private broker exited"; }
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 180) }' && die "the private broker did not start in 180 s"
    sleep 0.25
  done
}
kafka_stop() { # SIGTERM, SIGKILL after 30 s
  [[ -n $KAFKA_PID ]] || return 0
  kill "$KAFKA_PID" 2>/dev/null || true
  local i
  for i in $(seq 120); do kill -0 "$KAFKA_PID" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$KAFKA_PID" 2>/dev/null || true
  wait "$KAFKA_PID" 2>/dev/null || true
  KAFKA_PID=
}
topics() { # topics create <topic:partitions>...
  java -Xmx64m -Dbootstrap="127.0.0.1:$KAFKA_PORT" -cp "$ROOT/target/quarkus-app/lib/main/*" "$BENCH/events/Topics.java" \
    "$@" >>"$OUT/topics.log" 2>&1
}

redis_start() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log" >/dev/null
  local i
  for i in $(seq 50); do port_open "$REDIS_PORT" && return 0; sleep 0.1; done
  die "the private redis did not start"
}
redis_stop() {
  [[ -s $OUT/redis.pid ]] || return 0
  local pid i
  pid=$(<"$OUT/redis.pid")
  kill "$pid" 2>/dev/null || true
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$OUT/redis.pid"
}

delete_indexes() {
  local i
  for i in $(curl -sS --max-time 10 "$OPENSEARCH/_cat/indices/$INDEX_PREFIX-*?h=index" 2>/dev/null); do
    curl -sS --max-time 20 -X DELETE "$OPENSEARCH/$i" >>"$OUT/indexes.log" 2>&1 || true
    echo >>"$OUT/indexes.log"
  done
}

# The packaged app, profile "local", every dependency through this run's private instance or relay. OIDC goes
# through the relay entirely (no discovery); the tokens' issuer is the real Keycloak, which the client asks.
start_app() {
  # shellcheck disable=SC2086 # JAVA_OPTS and APP_OPTS are lists of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError -Dquarkus.profile=local \
    -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$(management_port "$PORT")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:${RELAY_PORT[postgres]}/$DB" \
    -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" \
    -Denclave.events.topic="$TOPIC" -Denclave.events.dead-letter-topic="$DLQ" -Denclave.events.group-suffix="-$RUN" \
    -Denclave.events.channels.search-indexer.topic="$TOPIC" \
    -Denclave.events.channels.search-indexer.dead-letter-topic="$DLQ" \
    -Denclave.search.index-prefix="$INDEX_PREFIX" \
    -Dquarkus.elasticsearch.hosts="127.0.0.1:${RELAY_PORT[opensearch]}" \
    -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" -Denclave.limits.redis.key-prefix="$RUN:" \
    -Dquarkus.oidc.auth-server-url="http://127.0.0.1:${RELAY_PORT[keycloak]}/realms/enclave" \
    -Dquarkus.oidc.discovery-enabled=false -Dquarkus.oidc.jwks-path=protocol/openid-connect/certs \
    -Dquarkus.oidc.token.issuer="$KEYCLOAK/realms/enclave" \
    $APP_OPTS -jar "$JAR" >>"$OUT/app.log" 2>&1 &
  APP_PID=$!
  wait_ready "$APP_PID" "$PORT" "$OUT/app.log" "the app"
}

su_sql() { psql "${PG[@]}" -U postgres -d "$DB" -tA -F' ' "$@"; } # analysis only, straight to 5432
db_now() { su_sql -c "select clock_timestamp()"; }
analyze() { su_sql -c "analyze outbox_events, processed_events, usage_counters, usage_items, activity_entries, documents" >/dev/null; }
# The service's own event counters, summed over consumers: "dead_lettered redelivered" (redelivered = duplicates the
# consumers recognised and skipped). They restart at 0 with the service.
counters() {
  curl -sS --max-time 10 "http://127.0.0.1:$(management_port "$PORT")/q/metrics" 2>/dev/null |
    awk '/^enclave_events_dead_lettered_total/ { d += $2 } /^enclave_events_duplicates_total/ { r += $2 }
         END { printf "%d %d", d, r }' || echo "0 0"
}
store_available() { # enclave_limits_store_available: 1 while Redis answers, 0 while the instance decides alone
  curl -sS --max-time 5 "http://127.0.0.1:$(management_port "$PORT")/q/metrics" 2>/dev/null |
    awk '/^enclave_limits_store_available / { printf "%d", $2; f = 1 } END { if (!f) printf "?" }' || echo "?"
}
usage_docs() { su_sql -c "select coalesce((select documents from usage_counters where tenant_id = '$TENANT'), 0)"; }

# --- one fault ---------------------------------------------------------------------------------------------------

inject() { # inject <fault>
  case $1 in
    kafka | kafka-long) kafka_stop ;;
    search) relay_stop opensearch ;;
    keycloak) relay_stop keycloak ;;
    redis) redis_stop ;;
    postgres) relay_stop postgres ;;
    kill9) kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true ;;
  esac
}
restore() { # restore <fault>
  case $1 in
    kafka | kafka-long) kafka_start ;;
    search) relay_start opensearch "${RELAY_PORT[opensearch]}" 9200 ;;
    keycloak) relay_start keycloak "${RELAY_PORT[keycloak]}" 8180 ;;
    redis) redis_start ;;
    postgres) relay_start postgres "${RELAY_PORT[postgres]}" 5432 ;;
    kill9) start_app ;;
  esac
}
duration() { # duration <fault>: seconds the component stays away
  case $1 in
    kafka) echo "$KAFKA_SECONDS" ;; kafka-long) echo "$KAFKA_LONG_SECONDS" ;; search) echo "$SEARCH_SECONDS" ;;
    keycloak) echo "$KEYCLOAK_SECONDS" ;; redis) echo "$REDIS_SECONDS" ;; postgres) echo "$POSTGRES_SECONDS" ;;
    kill9) echo 0 ;;
  esac
}
describe() { # describe <fault>
  case $1 in
    kafka) echo "(a) Kafka stopped ${KAFKA_SECONDS}s" ;; kafka-long) echo "(b) Kafka stopped ${KAFKA_LONG_SECONDS}s" ;;
    search) echo "(c) search node cut ${SEARCH_SECONDS}s" ;; keycloak) echo "(d) Keycloak cut ${KEYCLOAK_SECONDS}s" ;;
    redis) echo "(e) Redis cut ${REDIS_SECONDS}s" ;; postgres) echo "(f) PostgreSQL cut ${POSTGRES_SECONDS}s" ;;
    kill9) echo "(g) kill -9 in a ${BURST_RATE}/s burst" ;;
  esac
}

# Every consumer applied every event of this fault's document rows, and the index holds every acknowledged one?
# Prints "events applied_activity applied_usage applied_search indexed last_applied_epoch".
progress() { # progress <label> <acked ids file>
  local counts indexed
  python3 -c 'import json, sys; print(json.dumps({"query": {"bool": {"filter": [{"term": {"tenant_id": sys.argv[2]}},
    {"terms": {"document_id": [l.strip() for l in open(sys.argv[1]) if l.strip()]}}]}}}))' "$2" "$TENANT" >"$2.query"
  counts=$(su_sql -c "with d as (select id from documents where tenant_id = '$TENANT' and title like '$1 %'),
      e as (select o.id from outbox_events o join d on o.aggregate_id = d.id
             where o.tenant_id = '$TENANT' and o.event_type = 'DocumentCreated'),
      p as (select p.consumer, p.event_id, p.processed_at from processed_events p join e on p.event_id = e.id
             where p.tenant_id = '$TENANT')
    select (select count(*) from e),
      (select count(*) from p where consumer = 'activity-feed'), (select count(*) from p where consumer = 'usage-meter'),
      (select count(*) from p where consumer = 'search-indexer'),
      coalesce((select extract(epoch from max(processed_at)) from p), 0)")
  curl -sS --max-time 10 -X POST "$OPENSEARCH/$INDEX_PREFIX-shared/_refresh" >/dev/null 2>&1 || true
  indexed=$(curl -sS --max-time 20 -H 'Content-Type: application/json' "$OPENSEARCH/$INDEX_PREFIX-shared/_count" \
    -d "@$2.query" |
    python3 -c 'import json, sys; print(json.load(sys.stdin).get("count", -1))' 2>/dev/null || echo -1)
  awk -v c="$counts" -v i="$indexed" 'BEGIN { split(c, f, " "); print f[1], f[2], f[3], f[4], i, f[5] }'
}

run_fault() { # run_fault <fault>: prints nothing; appends to faults.tsv and $OUT/<fault>.*
  local fault=$1 store_mid label d t_start t_down t_up acked usage_before p caught waited rows
  label="fault-$fault-$RUN"
  d=$(duration "$fault")
  local rate=$WRITE_RATE
  [[ $fault == kill9 ]] && rate=$BURST_RATE
  usage_before=$(usage_docs)
  local counters_before
  counters_before=$(counters)
  log "$(describe "$fault"): load (${rate} writes/s), fault at +${BEFORE}s, load until ${AFTER}s after it is back ..."
  : >"$OUT/$fault.requests.tsv"
  # The load runs until told to stop (SIGTERM), AFTER seconds once the component is back, however long coming back
  # takes (a broker or the service restarting on a loaded machine); the upper bound only keeps it bounded.
  python3 "$BENCH/faults/load.py" --port "$PORT" --keycloak "$KEYCLOAK" --persona "$PERSONA" --project "$PROJECT" \
    --doc "$DOC" --seconds $((BEFORE + d + AFTER + 600)) --write-rate "$rate" --read-rate "$READ_RATE" \
    --search-rate "$SEARCH_RATE" --ready-rate 1 --label "$label" --out "$OUT/$fault.requests.tsv" 2>>"$OUT/load.log" &
  LOAD_PID=$!
  t_start=$EPOCHREALTIME
  sleep "$BEFORE"
  t_down=$EPOCHREALTIME
  inject "$fault"
  log "  $fault down"
  if [[ $d -gt 0 ]]; then
    # Halfway: what the service says about itself (readiness with its data; the limiter's store gauge).
    sleep "$((d / 2))"
    curl -sS --max-time 5 "http://127.0.0.1:$(management_port "$PORT")/q/health/ready" >"$OUT/$fault.ready-mid.json" 2>&1 || true
    store_mid=$(store_available)
    sleep "$((d - d / 2))"
  else
    store_mid=-
  fi
  restore "$fault"
  t_up=$EPOCHREALTIME
  log "  $fault back after $(awk -v a="$t_down" -v b="$t_up" 'BEGIN { printf "%.1f", b - a }') s"
  sleep "$AFTER"
  kill -TERM "$LOAD_PID" 2>/dev/null || true
  wait "$LOAD_PID" || true
  LOAD_PID=""
  printf '%s\t%s\t%s\t%s\n' "$fault" "$t_start" "$t_down" "$t_up" >>"$OUT/phases.tsv"

  awk -F'\t' '$2 == "write" && $3 == "201" { print $5 }' "$OUT/$fault.requests.tsv" >"$OUT/$fault.acked"
  acked=$(wc -l <"$OUT/$fault.acked")
  # Catch-up is measured on the writes acknowledged before the component was back: the ones it held up.
  awk -F'\t' -v up="$t_up" '$2 == "write" && $3 == "201" && $1 <= up { print $5 }' "$OUT/$fault.requests.tsv" \
    >"$OUT/$fault.acked-before-up"
  log "  waiting for the consumers (${acked} acknowledged writes) ..."
  caught=""
  local missing dead last_missing="" stuck_since=""
  waited=$(now)
  while :; do
    analyze
    p=$(progress "$label" "$OUT/$fault.acked")
    read -r ev a u s idx _ <<<"$p"
    rows=$(su_sql -c "select count(*) from documents where tenant_id = '$TENANT' and title like '$label %'")
    if [[ $ev -ge $rows && $a -ge $ev && $u -ge $ev && $s -ge $ev && $idx -ge $acked ]]; then
      caught=$(caught_up "$OUT/$fault.acked-before-up" "$t_up")
      break
    fi
    # Events the consumers dead-lettered never arrive: once every missing one is accounted for by the service's
    # dead-letter counter and nothing moved for 30 s, waiting longer would only burn the timeout.
    missing=$(((ev - a) + (ev - u) + (ev - s)))
    read -r dead _ <<<"$(counters)"
    [[ $fault == kill9 ]] || dead=$((dead - ${counters_before%% *}))
    if ((missing > 0 && missing <= dead)); then
      [[ $missing == "${last_missing:-}" ]] || { last_missing=$missing; stuck_since=$EPOCHREALTIME; }
      if awk -v a="$stuck_since" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 30) }'; then
        caught="never: $missing event application(s) dead-lettered"
        break
      fi
    fi
    awk -v a="$waited" -v b="$EPOCHREALTIME" -v t="$CATCHUP_TIMEOUT" 'BEGIN { exit !(b - a > t) }' && break
    sleep 2
  done
  [[ -n $caught ]] || caught="not within $(awk -v a="$t_up" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
  local seen after dl
  # What the consumers dead-lettered and recognised as redelivered during this fault (after kill -9: since the restart)
  [[ $fault == kill9 ]] && counters_before="0 0"
  dl=$(awk -v b="$counters_before" -v a="$(counters)" 'BEGIN { split(b, x, " "); split(a, y, " ");
    printf "%d (redelivered %d)", y[1] - x[1], y[2] - x[2] }')
  seen=$(saw "$fault" "$t_down" "$t_up")
  [[ $fault == redis ]] && seen+="; limiter store (Redis) available mid-fault $store_mid, after $(store_available)"
  after=$(outcome "$fault" "$label" "$usage_before")
  [[ -n $after ]] || after=$(printf '?\t?\t?\t?\t?\t?\t?\tanalysis failed')
  IFS=$'\t' read -r ac ro ev ap us se du un <<<"$after"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(describe "$fault")" "$seen" "$ac" "$ro" "$ev" "$ap" "$us" \
    "$se" "$du" "$dl" "$un" "$caught" >>"$OUT/faults.tsv"
  printf '%s: %s | after: acked %s, rows %s, events %s, activity %s, usage %s, search %s, dup %s, dead-lettered %s%s | catch-up %s\n' \
    "$(describe "$fault")" "$seen" "$ac" "$ro" "$ev" "$ap" "$us" "$se" "$du" "$dl" "$([[ $un == - ]] || echo "; unacked: $un")" \
    "$caught" | tee -a "$OUT/lines.txt" >&2
  grep -E '"level":"(ERROR)"|Exception' "$OUT/app.log" | tail -n 200 >"$OUT/$fault.app-errors.log" || true
}

# Seconds from <up> to the moment the last of these documents' events was applied by the last consumer (0 if that was
# before), and in brackets when the relay had published the last of them: where the catch-up time goes.
caught_up() { # caught_up <ids file> <up epoch>
  { echo "create temp table b (id uuid primary key);"
    echo "copy b from stdin;"
    cat "$1"
    echo '\.'
    echo "select coalesce(extract(epoch from max(p.processed_at)), 0), coalesce(extract(epoch from max(o.published_at)), 0)
      from outbox_events o join processed_events p on p.tenant_id = o.tenant_id and p.event_id = o.id
     where o.tenant_id = '$TENANT' and o.event_type = 'DocumentCreated' and o.aggregate_id in (select id from b);"
  } | su_sql -f - | awk -v u="$2" 'NF { d = $1 - u; r = $2 - u; printf "%.1f s (relay %.1f s)", (d < 0 ? 0 : d), (r < 0 ? 0 : r) }'
}

# What users saw, from the request log: statuses per kind, 5xx (500s apart), readiness non-200 while the DB was up.
saw() { # saw <fault> <t_down> <t_up>
  python3 - "$OUT/$1.requests.tsv" "$1" "$2" "$3" <<'EOF'
import sys
from collections import Counter
path, fault, down, up = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
c = {k: Counter() for k in ("write", "read", "search", "ready")}
five = five00 = ready_bad = ready_none = 0
for line in open(path):
    t, kind, status, ms = line.rstrip("\n").split("\t")[:4]
    c[kind][status] += 1
    if status[:1] == "5":
        if kind != "ready":
            five += 1
        if status.startswith("500"):
            five00 += 1
    if kind == "ready":
        db_down = fault == "postgres" and down <= float(t) <= up + 2
        if not status[:1].isdigit():  # no HTTP answer (the service restarting after kill -9)
            ready_none += 1
        elif status != "200" and not db_down:
            ready_bad += 1
fmt = lambda k: ",".join(f"{s}:{n}" for s, n in sorted(c[k].items())) or "-"
print(f"writes {fmt('write')}; reads {fmt('read')}; search {fmt('search')}; 5xx {five} (500: {five00}); "
      f"ready non-200 with DB up {ready_bad}{f', no answer {ready_none}' if ready_none else ''}")
EOF
}

# After: acknowledged writes vs their rows, events, what each consumer applied and derived, duplicates. Prints the
# table's columns, tab-separated: acked rows events activity usage search dup unacked
outcome() { # outcome <fault> <label> <usage documents before>
  local fault=$1 label=$2 ub=$3 idx ua
  read -r _ _ _ _ idx _ <<<"$(progress "$label" "$OUT/$fault.acked")"
  ua=$(awk -F'\t' '$2 == "write" && $3 !~ /^[0-9]/ { n++ } END { print n + 0 }' "$OUT/$fault.requests.tsv")
  { echo "create temp table a (id uuid primary key);"
    echo "copy a from stdin;"
    cat "$OUT/$fault.acked"
    echo '\.'
    echo "with d as (select id from documents where tenant_id = '$TENANT' and title like '$label %'),
      e as (select o.id, o.aggregate_id from outbox_events o where o.tenant_id = '$TENANT'
             and o.event_type = 'DocumentCreated' and o.aggregate_id in (select id from a)),
      ap as (select consumer, count(distinct event_id) as n from processed_events
              where tenant_id = '$TENANT' and event_id in (select id from e) group by consumer),
      act as (select aggregate_id, count(*) as n from activity_entries where tenant_id = '$TENANT'
               and aggregate_id in (select id from d) group by aggregate_id),
      un as (select id from d where id not in (select id from a)),
      ue as (select o.id from outbox_events o where o.tenant_id = '$TENANT' and o.event_type = 'DocumentCreated'
              and o.aggregate_id in (select id from un))
    select (select count(*) from a), (select count(*) from documents where tenant_id = '$TENANT' and id in (select id from a)),
      (select count(*) from e), (select count(distinct aggregate_id) from e),
      coalesce((select n from ap where consumer = 'activity-feed'), 0),
      (select count(*) from activity_entries where tenant_id = '$TENANT' and event_id in (select id from e)),
      coalesce((select n from ap where consumer = 'usage-meter'), 0),
      (select documents from usage_counters where tenant_id = '$TENANT') - $ub,
      coalesce((select n from ap where consumer = 'search-indexer'), 0),
      (select count(*) from act where n > 1), (select count(*) from d), (select count(*) from un),
      (select count(*) from processed_events where tenant_id = '$TENANT' and event_id in (select id from ue));"
  } | su_sql -f - |
    awk -v idx="$idx" -v ua="$ua" 'NF >= 13 {
      # dup: documents with more than one activity row + usage counted beyond the rows written + events beyond documents
      dup = $10 + ($8 > $11 ? $8 - $11 : 0) + ($3 - $4)
      printf "%d\t%d\t%d\t%d/%d\t%d/%+d\t%d/%d\t%d\t", $1, $2, $3, $5, $6, $7, $8, $9, idx, dup
      if (ua > 0 || $12 > 0) printf "%d without answer, %d of all rows not acked, %d of their events applied", ua, $12, $13
      else printf "-"
      printf "\n"
    }'
}

main() {
  local t0 f
  t0=$(now)
  need psql postgresql-client
  need socat socat
  need redis-server redis-server
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  http_ok "$OPENSEARCH/_cluster/health" || die "OpenSearch is not up (./enclave up opensearch)"
  build

  log "$DB: creating afresh"
  pg_admin -c "drop database if exists $DB with (force)"
  pg_admin -c "create database $DB owner enclave_owner"
  pg_admin -c "grant connect on database $DB to enclave_app"

  log "private broker, redis and relays ..."
  kafka_prepare
  kafka_start
  topics create "$TOPIC:3" "$DLQ:1" || die "could not create the topics (see $OUT/topics.log)"
  REDIS_PORT=$(free_port 16390)
  redis_start
  declare -gA RELAY_PORT=()
  RELAY_PORT[postgres]=$(free_port 15432)
  relay_start postgres "${RELAY_PORT[postgres]}" 5432
  RELAY_PORT[opensearch]=$(free_port 19200)
  relay_start opensearch "${RELAY_PORT[opensearch]}" 9200
  RELAY_PORT[keycloak]=$(free_port 18280)
  relay_start keycloak "${RELAY_PORT[keycloak]}" 8180
  PORT=$(free_port 18300)
  printf 'broker :%s (controller :%s), redis :%s, relays postgres :%s opensearch :%s keycloak :%s, app :%s\n' \
    "$KAFKA_PORT" "$KAFKA_CPORT" "$REDIS_PORT" "${RELAY_PORT[postgres]}" "${RELAY_PORT[opensearch]}" \
    "${RELAY_PORT[keycloak]}" "$PORT" >"$OUT/ports.txt"
  start_app
  if [[ $(su_sql -c "show autovacuum") != on ]]; then
    (while sleep 5; do analyze; done) &
    ANALYZER_PID=$!
  fi

  local tok
  tok=$(token "$PERSONA")
  PROJECT=$(curl -sS --max-time 20 -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d '{"slug":"faults-bench","name":"Fault suite"}' "http://127.0.0.1:$PORT/api/v1/projects" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  DOC=$(curl -sS --max-time 20 -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d '{"title":"known document","body":"read by the fault suite","tags":["bench"]}' \
    "http://127.0.0.1:$PORT/api/v1/projects/$PROJECT/documents" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
  curl -fsS -o /dev/null --max-time 20 -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT/api/v1/documents/$DOC" ||
    die "a request with a token did not answer 200 (OIDC through the relay?)"

  log "warming up (20 s of the same load, no fault) ..."
  python3 "$BENCH/faults/load.py" --port "$PORT" --keycloak "$KEYCLOAK" --persona "$PERSONA" --project "$PROJECT" \
    --doc "$DOC" --seconds 20 --write-rate "$WRITE_RATE" --read-rate "$READ_RATE" --search-rate "$SEARCH_RATE" \
    --ready-rate 1 --label "warmup-$RUN" --out "$OUT/warmup.requests.tsv" 2>>"$OUT/load.log"

  printf 'fault\tusers saw\tacked\trows\tevents\tactivity\tusage\tsearch\tdup\tdead-lettered\tunacked\tcatch-up\n' >"$OUT/faults.tsv"
  for f in $FAULTS; do run_fault "$f"; done
  curl -sS --max-time 10 "http://127.0.0.1:$(management_port "$PORT")/q/metrics" >"$OUT/metrics.txt" 2>/dev/null || true
  curl -sS --max-time 10 "http://127.0.0.1:$(management_port "$PORT")/q/health/ready" >"$OUT/ready.json" 2>/dev/null || true
  python3 "$BENCH/faults/plot.py" faults "$OUT" >"$OUT/faults.svg" || log "no picture (plot.py failed)"
  report | tee "$OUT/summary.txt"
  log "done in $(since "$t0")"
}

report() {
  printf 'Fault suite, %s, load average %s; tenant %s: %s writes/s, %s reads/s, %s searches/s, readiness 1/s\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$TENANT" "$WRITE_RATE" "$READ_RATE" "$SEARCH_RATE"
  printf 'Each fault: %ss of load, the fault, %ss more once the component is back, then wait (up to %ss) for the consumers.\n\n' \
    "$BEFORE" "$AFTER" "$CATCHUP_TIMEOUT"
  cat "$OUT/lines.txt"
  printf '\n'
  python3 "$BENCH/faults/plot.py" table "$OUT"
  printf 'raw: %s (faults.tsv, faults.svg, <fault>.requests.tsv, app.log)\n' "${OUT#"$ROOT"/}"
}

main "$@"
