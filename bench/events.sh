#!/usr/bin/env bash
# Domain-event pipeline benchmark (bench/README.md): write-to-consumed lag at a steady write rate, the drain rate of
# the outbox relay and of the consumers on a backlog, and whether one tenant's flood slows another tenant's events.
# One command, prints a table; raw outputs, the app log and the table go to bench/results/<time>/ (git-ignored).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, median

LAG_RATE=${BENCH_LAG_RATE:-10}             # 1. document writes/s through the API (tenant A)
LAG_SECONDS=${BENCH_LAG_SECONDS:-30}       # 1. for this long
BACKLOG=${BENCH_BACKLOG:-10000}            # 2. events inserted into A's outbox in one transaction
FLOOD=${BENCH_FLOOD:-50000}                # 3. A's flood (one transaction, like the backlog)
B_WRITES=${BENCH_B_WRITES:-200}            # 3. B's document writes through the API, alone and during the flood
B_RATE=${BENCH_B_RATE:-10}                 # 3. at this rate (writes/s)
RUNS=${BENCH_RUNS:-3}                      # 3. floods per configuration (median and worst ratio of these)
INSTANCE_SETS=${BENCH_INSTANCES:-1 2}      # 3. configurations: this many service instances (same database, topics, Redis)
TIMINGS=${BENCH_TIMINGS:-1}                # 3. the relay's and consumers' per-pass timings (bench/events/timings.py)
WARMUP_WRITES=${BENCH_WARMUP_WRITES:-200}  # per tenant, before measuring (JIT, pools, consumer assignment)
WARMUP_FLOOD=${BENCH_WARMUP_FLOOD:-5000}   # 3. a small flood of A's before measuring (the bulk paths' JIT)
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-300}  # seconds to wait for any backlog to be consumed
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx512m}
APP_OPTS=${BENCH_APP_OPTS:-}               # extra -D settings for the service, e.g. -Denclave.events.consumer.max-buffered=500
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
A=acme A_PERSONA=alice                     # the flooding tenant (owner persona of the dev realm)
B=globex B_PERSONA=bob                     # the tenant whose lag must not suffer
CONSUMERS=(activity-feed usage-meter)      # consumers (EventConsumers.start) that record processed_events
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH/results/$STAMP
DB=enclave_bench_events
# This run's own topics and consumer groups (as dev.enclave.testing.EventTopicsResource does for tests): a run never
# reads another run's events, nor the local stack's. The search indexer gets a topic nobody writes to: it is a
# separate consumer (bench/search.sh measures it) and must not index into, or read from, the shared stack.
RUN=bench-$(tr 'TZ' 'tz' <<<"$STAMP")
TOPIC=enclave.domain-events.$RUN
DLQ=enclave.domain-events.dlq.$RUN
SEARCH_TOPIC=enclave.search-idle.$RUN
mkdir -p "$OUT"

APP_PIDS=()
PORTS=()
STARTS=0
TOPICS_CREATED=
ANALYZER_PID=
cleanup() {
  [[ -n $ANALYZER_PID ]] && kill "$ANALYZER_PID" 2>/dev/null || true
  stop_apps
  [[ -n $TOPICS_CREATED ]] && topics delete "$TOPIC" "$DLQ" "$SEARCH_TOPIC" "$SEARCH_TOPIC.dlq" || true
}
trap cleanup EXIT

topics() { # topics create|delete <topic>...: Kafka admin calls with the packaged service's client jars
  local action=$1 t specs=()
  shift
  for t in "$@"; do specs+=("$t:$([[ $t == "$TOPIC" ]] && echo 3 || echo 1)"); done # 3 partitions, like production
  java -Xmx64m -cp "$ROOT/target/quarkus-app/lib/main/*" "$BENCH/events/Topics.java" "$action" "${specs[@]}" \
    >>"$OUT/topics.log" 2>&1
}

# The packaged app, profile "local" (the dev realm's tenants and members, roomy request limits, the dev signing
# key), against a fresh database, with this run's topics, consumer groups and Redis key prefix. start_apps <n>
# starts n instances on the same database, topics, consumer groups and Redis prefix (as n replicas would run);
# PORT is the first one's, where the writes go. Each start's log, GC log and metrics are kept (app-<start>.log ...).
start_apps() { # start_apps <n>
  local i port pid
  PORTS=() APP_PIDS=()
  for ((i = 1; i <= $1; i++)); do
    STARTS=$((STARTS + 1))
    port=$(free_port $((18090 + 10 * i)))
    start_app "$port" "$OUT/app-$STARTS.log" "$OUT/gc-$STARTS.log"
    pid=$!
    PORTS+=("$port") APP_PIDS+=("$pid")
  done
  for ((i = 0; i < $1; i++)); do wait_ready "${APP_PIDS[i]}" "${PORTS[i]}" "$OUT/app-$((STARTS - $1 + i + 1)).log" "instance $((i + 1))"; done
  PORT=${PORTS[0]}
}
stop_apps() { # keeps each instance's /q/metrics as metrics-<pid>.txt (the counters at the end sum them all)
  local i pid
  for ((i = 0; i < ${#APP_PIDS[@]}; i++)); do
    curl -sS --max-time 10 "http://127.0.0.1:$(management_port "${PORTS[i]}")/q/metrics" \
      >"$OUT/metrics-${APP_PIDS[i]}.txt" 2>/dev/null || true
    kill "${APP_PIDS[i]}" 2>/dev/null || true
  done
  for pid in "${APP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  APP_PIDS=()
}
start_app() { # start_app <port> <log> <gc log>
  # shellcheck disable=SC2086 # JAVA_OPTS and APP_OPTS are lists of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError -Xlog:gc:file="$3":time -Dquarkus.profile=local \
    -Dquarkus.http.port="$1" -Dquarkus.management.port="$(management_port "$1")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Denclave.events.topic="$TOPIC" -Denclave.events.dead-letter-topic="$DLQ" -Denclave.events.group-suffix="-$RUN" \
    -Denclave.events.channels.search-indexer.topic="$SEARCH_TOPIC" \
    -Denclave.events.channels.search-indexer.dead-letter-topic="$SEARCH_TOPIC.dlq" \
    -Denclave.events.channels.search-indexer.group-id="enclave-search-indexer-$RUN" \
    -Denclave.limits.redis.key-prefix="$RUN:" $PHASE_OPTS $APP_OPTS \
    -jar "$JAR" >"$2" 2>&1 &
}

project() { # project <persona>: creates the tenant's benchmark project, prints its id
  curl -sS --max-time 20 -H "Authorization: Bearer $(token "$1")" -H 'Content-Type: application/json' \
    -d '{"slug":"events-bench","name":"Events benchmark"}' "http://127.0.0.1:$PORT/api/v1/projects" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}

su_sql() { psql "${PG[@]}" -U postgres -d "$DB" -tA -F' ' "$@"; } # analysis only: reads every tenant's rows
max_seq() { su_sql -c "select coalesce(max(seq), 0) from outbox_events"; }
db_now() { su_sql -c "select clock_timestamp()"; }
# Fresh statistics before every analysis query: after a 50,000-row flood autovacuum may not have analyzed yet, and
# the planner's stale row counts turned the drain query into a nested loop that ran for minutes.
analyze() { su_sql -c "analyze outbox_events, processed_events, usage_items, usage_counters, activity_entries, documents" >/dev/null; }

write() { # write <persona> <project> <rate> <count> <label>: paced writes through the API; prints the RESULT line
  local result
  result=$(python3 "$BENCH/events/writer.py" --port "$PORT" --token "$(token "$1")" --project "$2" --rate "$3" \
    --count "$4" --label "$5" | tee -a "$OUT/writes.log")
  echo "$5 $result" >>"$OUT/writes.log"
  result=$(sed -n 's/^RESULT //p' <<<"$result")
  [[ -n $result ]] || die "the writer printed no result"
  echo "$result"
}
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; } # field <RESULT line> <name>

# Waits until every consumer applied every event of <tenant> with seq in (lo, hi]; false after <timeout> s.
applied_all() { # applied_all <tenant> <lo> <hi>
  su_sql -c "with e as (select id from outbox_events where tenant_id = '$1' and seq > $2 and seq <= $3)
    select bool_and(n = (select count(*) from e)) from (
      select c, (select count(*) from processed_events p join e on p.event_id = e.id
                  where p.tenant_id = '$1' and p.consumer = c) as n
        from unnest(array['${CONSUMERS[0]}', '${CONSUMERS[1]}']) c) x"
}
wait_applied() { # wait_applied <tenant> <lo> <hi> <timeout>
  local t0
  t0=$(now)
  until [[ $(applied_all "$1" "$2" "$3") == t ]]; do
    awk -v a="$t0" -v b="$EPOCHREALTIME" -v t="$4" 'BEGIN { exit !(b - a > t) }' && return 1
    sleep 1
  done
}

# Per consumer: events, p50, p99, max of (processed_at - occurred_at) in ms. processed_at is the database clock
# (clock_timestamp()) inside the consumer's applying transaction; occurred_at is set in the writing transaction.
# The row "relay" is the first leg only (published_at - occurred_at: in Kafka, acknowledged), to show where lag is.
lag() { # lag <tenant> <lo> <hi> [<lo> <hi>]  ->  lines "consumer n p50 p99 max" (over one or two seq ranges)
  analyze
  su_sql -c "with o as (select id, occurred_at, published_at from outbox_events
                         where tenant_id = '$1' and (seq > $2 and seq <= $3 or seq > ${4:-0} and seq <= ${5:-0})),
      l as (select p.consumer as stage, extract(epoch from p.processed_at - o.occurred_at) * 1000 as ms
              from o join processed_events p on p.event_id = o.id where p.tenant_id = '$1'
            union all select 'relay', extract(epoch from o.published_at - o.occurred_at) * 1000 from o
             where o.published_at is not null)
    select stage, count(*),
      round((percentile_cont(0.5) within group (order by ms))::numeric, 1),
      round((percentile_cont(0.99) within group (order by ms))::numeric, 1),
      round(max(ms)::numeric, 1)
    from l group by stage order by stage = 'relay' desc, stage" | tee -a "$OUT/lag.tsv"
}

# Drain rates of a backlog: for the relay (published_at) and each consumer (processed_at), the events done after
# the first one divided by the time from the first to the last (steady rate, without the wait for the first poll),
# and when the last one was done, in seconds after the backlog committed.
drain() { # drain <tenant> <lo> <hi> <committed-at>  ->  lines "stage n rate last_s"
  analyze
  su_sql -c "with o as (select id, published_at from outbox_events where tenant_id = '$1' and seq > $2 and seq <= $3),
      t as (select 'relay' as stage, published_at as at from o
            union all select p.consumer, p.processed_at from processed_events p join o on p.event_id = o.id
             where p.tenant_id = '$1'),
      s as (select stage, count(at) as n, min(at) as f, max(at) as l from t group by stage)
    select s.stage, s.n,
      round(((select count(*) from t where t.stage = s.stage and t.at > s.f) / nullif(extract(epoch from s.l - s.f), 0))::numeric, 0),
      round(extract(epoch from s.l - '$4'::timestamptz)::numeric, 1)
    from s order by s.stage = 'relay' desc, s.stage" | tee -a "$OUT/drain.tsv"
}

# How much of the flood (seq in (lo, hi]) was still on its way when B's last event had been applied (per consumer).
in_flight() { # in_flight <lo> <hi> <b-lo> <b-hi>  ->  lines "consumer b_last not_applied not_published"
  analyze
  su_sql -c "with b as (select p.consumer, max(p.processed_at) as last from outbox_events o
                         join processed_events p on p.tenant_id = o.tenant_id and p.event_id = o.id
                        where o.tenant_id = '$B' and o.seq > $3 and o.seq <= $4 group by p.consumer),
      f as (select id, published_at from outbox_events where tenant_id = '$A' and seq > $1 and seq <= $2)
    select b.consumer, to_char(b.last, 'HH24:MI:SS.MS'),
      (select count(*) from f where not exists (select 1 from processed_events p where p.tenant_id = '$A'
         and p.consumer = b.consumer and p.event_id = f.id and p.processed_at <= b.last)),
      (select count(*) from f where f.published_at is null or f.published_at > b.last)
    from b order by b.consumer" | tee -a "$OUT/in-flight.tsv"
}

flood() { # flood <count>: A's events straight into A's outbox (bench/events/flood.sql); prints the commit time
  PGOPTIONS="-c app.tenant_id=$A" psql "${PG[@]}" -U enclave_app -d "$DB" -v count="$1" -v template="$TEMPLATE" \
    -f "$BENCH/events/flood.sql" >>"$OUT/flood.log"
  db_now
}

col() { awk -v c="$1" -v k="$2" '$1 == c { print $k }'; } # col <consumer> <column>
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "nan" && r <= t ? "ok" : "ABOVE TARGET") }'; }

# A fresh start's first requests and events are slow (JIT, pools, consumer assignment): not measured. With
# <flood>, also a small flood of A's first: the first measured flood ran 1.2-1.7x the ratio of the next ones
# (2026-12-05, quiet machine) while the relay's and consumers' bulk paths were compiled.
warm_up() { # warm_up <a-project> <b-project> [flood]
  local lo hi
  if [[ -n ${3:-} ]] && ((WARMUP_FLOOD > 0)); then
    log "warming up: a flood of $WARMUP_FLOOD events of $A ..."
    lo=$(max_seq)
    flood "$WARMUP_FLOOD" >/dev/null
    hi=$(max_seq)
    wait_applied "$A" "$lo" "$hi" "$DRAIN_TIMEOUT" || die "the warm-up flood was not applied in $DRAIN_TIMEOUT s"
  fi
  log "warming up: $WARMUP_WRITES writes per tenant ..."
  lo=$(max_seq)
  write "$A_PERSONA" "$1" 10 "$WARMUP_WRITES" warmup >/dev/null
  write "$B_PERSONA" "$2" 10 "$WARMUP_WRITES" warmup >/dev/null
  hi=$(max_seq)
  wait_applied "$A" "$lo" "$hi" 120 && wait_applied "$B" "$lo" "$hi" 120 || die "warm-up events were not applied in 120 s"
}

main() {
  local t0 lo hi committed n
  t0=$(now)
  need psql postgresql-client
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  port_open 9092 || die "Kafka is not up (./enclave up kafka)"
  build
  LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

  log "$DB: creating afresh (the service migrates it and adds the dev tenants)"
  pg_admin -c "drop database if exists $DB with (force)"
  pg_admin -c "create database $DB owner enclave_owner"
  pg_admin -c "grant connect on database $DB to enclave_app"
  topics create "$TOPIC" "$DLQ" "$SEARCH_TOPIC" "$SEARCH_TOPIC.dlq" || die "could not create the topics (see $OUT/topics.log)"
  TOPICS_CREATED=1
  # Phases 1-2 measure what the pipeline can carry, so the per-tenant publishing pace is off for them; phase 3
  # runs the service as configured (pace on, enclave.events.relay.tenant-events-per-second) on new starts.
  PHASE_OPTS=-Denclave.events.relay.tenant-events-per-second=0
  start_apps 1
  AUTOVACUUM=$(su_sql -c "show autovacuum")
  if [[ $AUTOVACUUM != on ]]; then
    # A server without autovacuum never refreshes the statistics of tables that grow from 0 to 70,000 rows within
    # the run; stale row counts then make the consumers' indexed lookups full scans of the tenant's rows (seen: the
    # usage meter down from 2,300 to 650 events/s). Production runs autovacuum; stand in for its analyze here.
    log "autovacuum is off on this server: analyzing the bench database every 5 s instead"
    (while sleep 5; do analyze; done) &
    ANALYZER_PID=$!
  fi
  A_PROJECT=$(project "$A_PERSONA")
  B_PROJECT=$(project "$B_PERSONA")

  warm_up "$A_PROJECT" "$B_PROJECT"
  TEMPLATE=$(su_sql -c "select id from outbox_events where tenant_id = '$A' and event_type = 'DocumentCreated'
    order by seq desc limit 1")

  log "1. lag: $A writes $LAG_RATE documents/s for $LAG_SECONDS s ..."
  lo=$(max_seq)
  W1=$(write "$A_PERSONA" "$A_PROJECT" "$LAG_RATE" $((LAG_RATE * LAG_SECONDS)) lag)
  hi=$(max_seq)
  wait_applied "$A" "$lo" "$hi" "$DRAIN_TIMEOUT" || die "phase 1: events not applied within $DRAIN_TIMEOUT s"
  LAG1=$(lag "$A" "$lo" "$hi")

  log "2. throughput: $BACKLOG events into $A's outbox in one transaction ..."
  lo=$(max_seq)
  committed=$(flood "$BACKLOG")
  hi=$(max_seq)
  ((hi - lo == BACKLOG)) || die "phase 2: inserted $((hi - lo)) events, not $BACKLOG"
  wait_applied "$A" "$lo" "$hi" "$DRAIN_TIMEOUT" || die "phase 2: backlog not applied within $DRAIN_TIMEOUT s"
  DRAIN2=$(drain "$A" "$lo" "$hi" "$committed")

  # Phase 3 as configured (pace on), once per configuration; the timings' DEBUG lines go to the app logs.
  PHASE_OPTS=
  ((TIMINGS)) && PHASE_OPTS='-Dquarkus.log.category."dev.enclave.events.timings".level=DEBUG'
  : >"$OUT/runs.tsv"
  : >"$OUT/windows.tsv"
  : >"$OUT/lag-series.tsv"
  for n in $INSTANCE_SETS; do fairness "$n"; done
  stop_apps

  python3 "$BENCH/faults/plot.py" events "$OUT" >"$OUT/lag-over-time.svg" || log "no picture (plot.py failed)"
  ((TIMINGS)) && { python3 "$BENCH/events/timings.py" "$OUT" >"$OUT/timings.txt" || log "timings.py failed"; }
  report | sed "s/ *$//" | tee "$OUT/summary.txt"
  log "done in $(since "$t0")"
}

# B's writes alone (no flood): prints "lo hi", the seq range of its events, once they are applied.
alone() { # alone <instances> <run>
  local lo hi from
  log "3. $1 instance(s): $B writes $B_WRITES documents at $B_RATE/s alone ..."
  lo=$(max_seq) from=$(date +%s%3N)
  write "$B_PERSONA" "$B_PROJECT" "$B_RATE" "$B_WRITES" "alone-$1-$2" >"$OUT/w-alone-$1-$2"
  hi=$(max_seq)
  wait_applied "$B" "$lo" "$hi" "$DRAIN_TIMEOUT" || die "phase 3 ($1 instances, alone $2): events not applied within $DRAIN_TIMEOUT s"
  printf '%s\t%s\talone\t%s\t%s\n' "$1" "$2" "$from" "$(date +%s%3N)" >>"$OUT/windows.tsv"
  echo "$lo $hi"
}

# One configuration: <instances> services; B alone, then RUNS times: A's flood with B's writes during it, the flood
# drained, B alone again. Each run's ratio pools the alone runs before and after it (drift hits both sides).
# One line per run and stage in runs.tsv: instances run stage alone_n alone_p50 alone_p99 flood_n flood_p50 flood_p99
#   ratio drained relay_rate done_s not_applied_when_B_done
fairness() { # fairness <instances>
  local n=$1 r lo hi flood_lo flood_hi committed drained prev cur from during alone_lag drain3 inflight c first
  log "3. fairness with $n instance(s): starting ..."
  stop_apps
  start_apps "$n"
  warm_up "$A_PROJECT" "$B_PROJECT" flood
  first=$(max_seq)
  prev=$(alone "$n" 0)
  for ((r = 1; r <= RUNS; r++)); do
    log "3. $n instance(s), run $r/$RUNS: $A floods $FLOOD events, $B writes $B_WRITES documents at $B_RATE/s meanwhile ..."
    flood_lo=$(max_seq)
    from=$(date +%s%3N)
    committed=$(flood "$FLOOD")
    flood_hi=$(max_seq)
    ((flood_hi - flood_lo == FLOOD)) || die "phase 3: inserted $((flood_hi - flood_lo)) events, not $FLOOD"
    lo=$(max_seq)
    write "$B_PERSONA" "$B_PROJECT" "$B_RATE" "$B_WRITES" "during-$n-$r" >"$OUT/w-during-$n-$r"
    hi=$(max_seq)
    wait_applied "$B" "$lo" "$hi" "$DRAIN_TIMEOUT" || log "phase 3: $B's events not all applied within $DRAIN_TIMEOUT s"
    printf '%s\t%s\tflood\t%s\t%s\n' "$n" "$r" "$from" "$(date +%s%3N)" >>"$OUT/windows.tsv"
    during=$(lag "$B" "$lo" "$hi")
    inflight=$(in_flight "$flood_lo" "$flood_hi" "$lo" "$hi")
    log "3. $n instance(s), run $r: waiting for the flood to drain ..."
    if wait_applied "$A" "$flood_lo" "$flood_hi" "$DRAIN_TIMEOUT"; then drained=yes; else drained=no; fi
    printf '%s\t%s\tdrain\t%s\t%s\n' "$n" "$r" "$from" "$(date +%s%3N)" >>"$OUT/windows.tsv"
    drain3=$(drain "$A" "$flood_lo" "$flood_hi" "$committed")
    cur=$(alone "$n" "$r")
    # shellcheck disable=SC2086 # prev and cur are "lo hi" pairs
    alone_lag=$(lag "$B" $prev $cur)
    for c in relay "${CONSUMERS[@]}"; do
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$r" "$c" \
        "$(col "$c" 2 <<<"$alone_lag")" "$(col "$c" 3 <<<"$alone_lag")" "$(col "$c" 4 <<<"$alone_lag")" \
        "$(col "$c" 2 <<<"$during")" "$(col "$c" 3 <<<"$during")" "$(col "$c" 4 <<<"$during")" \
        "$(ratio "$(col "$c" 4 <<<"$during")" "$(col "$c" 4 <<<"$alone_lag")")" "$drained" \
        "$(col relay 3 <<<"$drain3")" "$(col "$c" 4 <<<"$drain3")" "$(col "$c" 3 <<<"$inflight")" >>"$OUT/runs.tsv"
    done
    prev=$cur
  done
  # Lag over time for the picture (when applied, lag): every B event, every 25th of A's (per consumer).
  su_sql -c "select $n, extract(epoch from p.processed_at), o.tenant_id, p.consumer,
      round((extract(epoch from p.processed_at - o.occurred_at) * 1000)::numeric, 1)
    from outbox_events o join processed_events p on p.tenant_id = o.tenant_id and p.event_id = o.id
    where o.seq > $first and (o.tenant_id = '$B' or o.seq % 25 = 0) and p.consumer <> 'search-indexer'" \
    >>"$OUT/lag-series.tsv"
}

run_stat() { # run_stat <instances> <stage> <column>: "median worst" of a runs.tsv column
  awk -F'\t' -v n="$1" -v c="$2" -v k="$3" '$1 == n && $3 == c { print $k }' "$OUT/runs.tsv" | sort -g |
    awk '{ a[NR] = $1 } END { if (NR == 0) { print "nan nan"; exit }
      printf "%.2f %.2f\n", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[NR] }'
}

report() {
  local n c m w v
  printf 'Event pipeline benchmark, %s; load average at the start %s, at the end %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
    "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)"
  [[ $AUTOVACUUM == on ]] || printf '(server autovacuum off: the script analyzed the bench tables every 5 s in its place)\n'
  printf 'Packaged service; topic %s (3 partitions); lag = applied (database clock, in the consumer'"'"'s\n' "$TOPIC"
  printf 'transaction) minus occurred-at (set in the writing transaction), per event.%s\n\n' \
    "${APP_OPTS:+ Service options: $APP_OPTS}"

  printf '1. Write-to-consumed lag: %s writes %s documents/s for %s s through the API (one instance)\n' "$A" "$LAG_RATE" "$LAG_SECONDS"
  printf '   (%s writes, %s failed; HTTP p50 %s ms, p99 %s ms)\n' "$(field "$W1" sent)" "$(field "$W1" failed)" \
    "$(field "$W1" http_p50_ms)" "$(field "$W1" http_p99_ms)"
  printf '%-16s %8s %9s %9s %9s\n' consumer events "p50 ms" "p99 ms" "max ms"
  awk '{ printf "%-16s %8s %9s %9s %9s\n", $1, $2, $3, $4, $5 }' <<<"$LAG1"

  printf '\n2. Throughput: a backlog of %s %s events inserted into the outbox in one transaction (SQL, see README);\n   publishing pace off (what the pipeline can carry), one instance\n' "$BACKLOG" "$A"
  printf '%-16s %8s %9s %s\n' stage events "events/s" "all done (s after commit)"
  awk '{ printf "%-16s %8s %9s %9s\n", $1, $2, $3, $4 }' <<<"$DRAIN2"

  printf '\n3. Fairness: %s writes %s documents at %s/s through the API, alone and while %s'"'"'s flood of %s events\n' \
    "$B" "$B_WRITES" "$B_RATE" "$A" "$FLOOD"
  printf '   (SQL, one transaction, just before %s starts) is relayed and consumed; %s runs per configuration, the\n' "$B" "$RUNS"
  printf '   service as configured (per-tenant publishing pace on, shared through Redis). alone = the alone runs before\n'
  printf '   and after the flood, pooled. Writes go to the first instance; with two, the relay and consumers of both work.\n'
  printf '%-4s %-3s %-14s %6s %8s %8s %6s %8s %8s %6s %7s %8s %7s %8s\n' inst run stage alone p50 p99 flood p50 p99 \
    ratio drained "A ev/s" "done s" "A left"
  awk -F'\t' '{ printf "%-4s %-3s %-14s %6s %8s %8s %6s %8s %8s %6s %7s %8s %7s %8s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ($3 == "relay" ? "" : $14) }' "$OUT/runs.tsv"
  printf '   (ratio: p99 during the flood / p99 alone; A ev/s: the flood'"'"'s relay drain rate; done s: the flood applied,\n'
  printf '    s after its commit; A left: flood events this consumer had not applied when %s'"'"'s last one was applied)\n' "$B"
  printf '\n   p99 ratio per consumer, median and worst of %s runs (target: median <= 1.2, worst <= 1.5)\n' "$RUNS"
  printf '%-16s' ""
  for n in $INSTANCE_SETS; do printf ' %24s' "$n instance(s)"; done
  printf '\n%-16s' consumer
  for n in $INSTANCE_SETS; do printf ' %10s %6s %6s' median worst ""; done
  printf '\n'
  for c in relay "${CONSUMERS[@]}"; do
    printf '%-16s' "$c"
    for n in $INSTANCE_SETS; do
      read -r m w <<<"$(run_stat "$n" "$c" 10)"
      v=ok
      [[ $c == relay ]] && v=
      [[ $c != relay ]] && ! awk -v m="$m" -v w="$w" 'BEGIN { exit !(m != "nan" && m <= 1.2 && w <= 1.5) }' && v="ABOVE"
      printf ' %10s %6s %6s' "$m" "$w" "$v"
    done
    printf '\n'
  done
  printf '%-16s' "A's drain ev/s"
  for n in $INSTANCE_SETS; do read -r m w <<<"$(run_stat "$n" relay 12)"; printf ' %10s %13s' "$m" "(median)"; done
  printf '\n   flood drained within %s s in every run: %s\n' "$DRAIN_TIMEOUT" \
    "$(awk -F'\t' '$11 != "yes" { bad = 1 } END { print bad ? "NO" : "yes" }' "$OUT/runs.tsv")"
  printf '   picture: %s/lag-over-time.svg; where the time went: %s/timings.txt\n' "${OUT#"$ROOT"/}" "${OUT#"$ROOT"/}"
  printf '\nService counters (/q/metrics of every start, summed): %s\n' "$(counters "$OUT"/metrics-*.txt)"
  printf 'Database: %s\n' "$(completeness)"
  printf 'raw: %s\n' "${OUT#"$ROOT"/}"
}

# Every event in the outbox published, and applied exactly once by each consumer (processed_events' key makes a
# second row impossible; the service's duplicates counter shows redeliveries that were skipped).
completeness() {
  analyze
  su_sql -c "select 'events ' || (select count(*) from outbox_events) || ', unpublished ' ||
      (select count(*) from outbox_events where published_at is null) || '; not applied: ' ||
      string_agg(c || ' ' || (select count(*) from outbox_events o where not exists (select 1 from processed_events p
        where p.tenant_id = o.tenant_id and p.event_id = o.id and p.consumer = c)), ', ')
    from unnest(array['${CONSUMERS[0]}', '${CONSUMERS[1]}']) c"
}

# Nothing lost, nothing twice, nothing dead-lettered: the service's own counters for the whole run.
counters() {
  awk '/^enclave_events_published_total/ { p += $2 }
       /^enclave_events_consumed_total/ { match($0, /consumer="[^"]*"/); c[substr($0, RSTART + 10, RLENGTH - 11)] += $2 }
       /^enclave_events_duplicates_total/ { d += $2 }
       /^enclave_events_dead_lettered_total/ { x += $2 }
       END { printf "published %d; applied", p; for (k in c) printf " %s %d", k, c[k]; printf "; duplicates %d; dead-lettered %d", d, x }' \
    "$@"
}

main "$@"
