#!/usr/bin/env bash
# Noisy-neighbour benchmark (bench/README.md): does a tenant flooding the service at 10x its request-rate limit
# slow down, or get refused for, another tenant that sends a normal, fixed rate? And what do the limit checks add
# to a request (measured in the service: the enclave.limits.check histogram)? One command, prints a table; raw
# outputs, the app's log and the table go to bench/results/<time>/.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, pg_admin, build, free_port, token, median

ROUNDS=${BENCH_ROUNDS:-5}                     # alternating rounds; the table shows medians
RUN_SECONDS=${BENCH_SECONDS:-20}              # one measured run of B
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}    # B alone, then A's flood, before the rounds (the JIT settles)
A_LIMIT=${BENCH_A_LIMIT:-50}                  # A's request rate limit, requests/s (burst: the same)
FLOOD_FACTOR=${BENCH_FLOOD_FACTOR:-10}        # A offers this multiple of its limit ...
FLOOD_CONNECTIONS=${BENCH_FLOOD_CONNECTIONS:-64} # ... over this many connections (wrk -t2)
FLOOD_NICE=${BENCH_FLOOD_NICE:-19}            # CPU priorities (nice) of the two clients, which stand in for clients on
A_PROBE_RATE=${BENCH_A_PROBE_RATE:-5}         # A's own requests timed for the picture (beside the flood; 0 = none)
B_NICE=${BENCH_B_NICE:--10}                   # other machines: the flood's yields, B's measures without queueing for a core
B_RATE=${BENCH_B_RATE:-20}                    # B's fixed request rate, requests/s
B_LIMIT=${BENCH_B_LIMIT:-200}                 # B's request rate limit (and burst): well above what it sends
SPEED_SECONDS=${BENCH_SPEED_SECONDS:-10}      # one run of A alone at full speed (what the turns cost)
SPEED_CONNECTIONS=${BENCH_SPEED_CONNECTIONS:-64}
DOCS=${BENCH_DOCS:-20}                        # documents per tenant (changing it reloads the database)
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx512m}
APP_OPTS=${BENCH_APP_OPTS:-}                  # extra -D options for the service (e.g. -Denclave.limits.refusal-cache.enabled=false)
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
DB=enclave_bench_noisy
PG=(-X -q -w -h 127.0.0.1 -p 5432 -v ON_ERROR_STOP=1)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
# Tenants of the dev realm, with the limits this run sets on them (restored at the end).
A_TENANT=acme A_PERSONA=alice
B_TENANT=globex B_PERSONA=bob

APP_PIDS=()
SAVED_LIMITS=()
stop_apps() {
  local pid
  for pid in "${APP_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  APP_PIDS=()
}
finish() {
  restore_limits || log "could not restore the tenants' limits: ${SAVED_LIMITS[*]}"
  stop_apps
}
trap finish EXIT

owner_psql() { psql "${PG[@]}" -U enclave_owner -d "$DB" "$@"; }

# Created like the test databases; kept between runs when it already holds exactly the expected data.
prepare_database() { # prints "seed" when the data must be (re)loaded
  local ready
  ready=$(owner_psql -tAc "select (select count(*) from documents) = 2 * $DOCS
      and exists (select 1 from documents where id = md5('$A_TENANT/doc/1')::uuid)
      and exists (select 1 from documents where id = md5('$B_TENANT/doc/1')::uuid)" 2>/dev/null || true)
  if [[ $ready == t ]]; then
    log "$DB: 2 tenants x $DOCS documents already loaded"
    return 0
  fi
  log "$DB: creating"
  pg_admin -c "drop database if exists $DB with (force)"
  pg_admin -c "create database $DB owner enclave_owner"
  pg_admin -c "grant connect on database $DB to enclave_app"
  echo seed
}

# The packaged app (production profile, migrating at start as asked) against the bench database. Its Redis keys,
# event topics, consumer groups and search indexes are its own, so that it shares neither buckets nor events with a
# dev stack on the same machine.
start_app() { # start_app <name> <port> [-Dkey=value ...]
  local name=$1 port=$2 pid
  shift 2
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of words
  java $JAVA_OPTS -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.http.port="$port" -Dquarkus.management.port="$(management_port "$port")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Dquarkus.flyway.migrate-at-start=true \
    -Dquarkus.flyway.placeholders.seed_dev_tenants=true \
    -Denclave.events.signing-key=bench-only-events-signing-key-not-a-secret \
    -Denclave.limits.redis.key-prefix=enclave-bench-noisy: \
    -Denclave.events.topic=enclave-bench-noisy.domain-events \
    -Denclave.events.dead-letter-topic=enclave-bench-noisy.domain-events.dlq \
    -Denclave.events.group-suffix=-bench-noisy \
    -Denclave.search.index-prefix=enclave-bench-noisy \
    $APP_OPTS "$@" -jar "$JAR" >"$OUT/app-$name.log" 2>&1 &
  pid=$!
  APP_PIDS+=("$pid")
  wait_ready "$pid" "$port" "$OUT/app-$name.log" "app ($name)"
}

limits_api() { # limits_api <tenant> [json patch]: prints the tenant's limits (after the patch)
  local args=(-sS --fail-with-body --max-time 20 -H "Authorization: Bearer $(token root)")
  [[ $# -gt 1 ]] && args+=(-X PATCH -H 'Content-Type: application/merge-patch+json' -d "$2")
  curl "${args[@]}" "http://127.0.0.1:$PORT/admin/v1/tenants/$1/limits"
}

# The overrides this run changes, as they were (null: the plan's default), so that finish() can put them back.
save_limits() {
  local t
  for t in "$A_TENANT" "$B_TENANT"; do
    SAVED_LIMITS+=("$t" "$(limits_api "$t" | python3 -c 'import json, sys
o = json.load(sys.stdin)["overrides"]
print(json.dumps({k: o.get(k) for k in ("requestsPerSecond", "burst", "maxInFlight")}))')")
  done
}

restore_limits() {
  local i
  for ((i = 0; i < ${#SAVED_LIMITS[@]}; i += 2)); do
    limits_api "${SAVED_LIMITS[i]}" "${SAVED_LIMITS[i + 1]}" >/dev/null
    log "restored ${SAVED_LIMITS[i]}'s limits: ${SAVED_LIMITS[i + 1]}"
  done
  SAVED_LIMITS=()
}

paths_of() { # paths_of <tenant>: its documents and a page of them, the same mix for both tenants
  psql "${PG[@]}" -U enclave_owner -d "$DB" -tAc \
    "select '/api/v1/documents/' || md5('$1/doc/' || i)::uuid from generate_series(1, $DOCS) i
     union all select '/api/v1/projects/' || md5('$1/project')::uuid || '/documents?limit=20'"
}

# B: the fixed-rate client (bench/client/FixedRate.java). <side> is alone or flood.
b_run() { # b_run <side> <seconds> <round|warmup>
  local side=$1 secs=$2 round=$3 result
  result=$(BENCH_TOKEN=$B_TOKEN BENCH_RAW=$OUT/b-$side-$round.raw nice -n "$B_NICE" java -cp "$OUT/client" FixedRate "http://127.0.0.1:$PORT" "$OUT/b.paths" \
    "$B_RATE" "$secs" 2>&1 | tee -a "$OUT/b.log" | sed -n 's/^RESULT //p')
  [[ -n $result ]] || die "the fixed-rate client printed no result (see $OUT/b.log)"
  [[ $round == warmup ]] && return 0
  # side round rps p50 p99 max requests s200 s429 other errors late
  kv_row "$side $round" rps p50_ms p99_ms max_ms requests s200 s429 other errors late <<<"$result" >>"$OUT/b.tsv"
}

# A: wrk over FLOOD_CONNECTIONS connections, each pausing so that all together offer FLOOD_FACTOR x A's limit.
a_flood() { # a_flood <seconds> <round>: runs in the background; its RESULT goes to a.tsv when waited for
  local delay
  delay=$(awk -v c="$FLOOD_CONNECTIONS" -v r="$A_LIMIT" -v f="$FLOOD_FACTOR" 'BEGIN { printf "%d", c * 1000 / (r * f) }')
  BENCH_TOKEN=$A_TOKEN BENCH_PATHS=$OUT/a.paths BENCH_DELAY_MS=$delay \
    nice -n "$FLOOD_NICE" wrk -t2 -c"$FLOOD_CONNECTIONS" -d"${1}s" --timeout 5s -s "$BENCH/wrk/flood.lua" "http://127.0.0.1:$PORT" \
    >"$OUT/wrk-$2.log" 2>&1
}

# A's latency for the picture: wrk cannot log single requests, so a few of A's own requests (A_PROBE_RATE/s, the
# same client as B's, nice like the flood) run beside the flood and write their latency and status to a-<round>.raw.
a_probe() { # a_probe <seconds> <round>
  BENCH_TOKEN=$A_TOKEN BENCH_RAW=$OUT/a-$2.raw nice -n "$FLOOD_NICE" java -cp "$OUT/client" FixedRate \
    "http://127.0.0.1:$PORT" "$OUT/a.paths" "$A_PROBE_RATE" "$1" >>"$OUT/a-probe.log" 2>&1
}

kv_row() { # kv_row <prefix> <keys...>: "k=v k=v" on stdin -> prefix and the values of keys, in order
  local prefix=$1
  shift
  awk -v p="$prefix" -v keys="$*" '{
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      n = split(keys, k, " "); line = p
      for (i = 1; i <= n; i++) line = line " " v[k[i]]
      print line }'
}

flood_round() { # flood_round <round>: B at its fixed rate while A floods
  local pid probe='' result
  a_flood $((RUN_SECONDS + 3)) "$1" &
  pid=$!
  if awk -v r="$A_PROBE_RATE" 'BEGIN { exit !(r > 0) }'; then
    a_probe $((RUN_SECONDS + 1)) "$1" &
    probe=$!
  fi
  sleep 1 # the flood is on before B's first request, and lasts past its last
  b_run flood "$RUN_SECONDS" "$1"
  wait "$pid" || die "wrk failed (see $OUT/wrk-$1.log)"
  [[ -z $probe ]] || wait "$probe" || log "A's probe failed (see $OUT/a-probe.log); no A points in the picture"
  result=$(sed -n 's/^RESULT //p' "$OUT/wrk-$1.log")
  [[ -n $result ]] || die "wrk printed no result (see $OUT/wrk-$1.log)"
  # round rps requests s200 s429 other socket_errors
  kv_row "$1 $((RUN_SECONDS + 3))" rps requests s200 s429 other socket_errors <<<"$result" >>"$OUT/a.tsv"
}

# The sample value is the second field: a counter line may end with an exemplar and its timestamp.
# Admissions the app decided in Redis, alone (fallback while Redis fails) and from its refusal cache (a token's
# refusal repeated until its retry time, before verification): the run is only about the shared limiter when the
# second number is 0.
decisions() {
  curl -sS --max-time 10 "http://127.0.0.1:$(management_port "$PORT")/q/metrics" | awk '/^enclave_limits_admissions_total\{/ {
      if ($0 ~ /store="local"/) l += $2; else if ($0 ~ /store="cached_refusal"/) c += $2; else r += $2 }
      END { printf "%d shared (Redis), %d local, %d cached refusals\n", r, l, c }'
}

# The enclave.limits.check histogram (RequestLimitsFilter: step admit, step release), as "step key value" lines;
# key: a bucket's upper bound (le, seconds, cumulative), count or sum.
check_snapshot() {
  curl -sS --max-time 10 "http://127.0.0.1:$(management_port "$PORT")/q/metrics" | awk '
    /^enclave_limits_check_seconds_(bucket|count|sum)\{/ {
      match($0, /step="[^"]*"/); step = substr($0, RSTART + 6, RLENGTH - 7)
      if ($0 ~ /_bucket\{/) { match($0, /le="[^"]*"/); key = substr($0, RSTART + 4, RLENGTH - 5) }
      else if ($0 ~ /_count\{/) key = "count"
      else key = "sum"
      print step, key, $2 }'
}

checked_run() { # checked_run <side> <round> <command...>: runs it; what the checks cost meanwhile goes to check.tsv
  local side=$1 round=$2 before
  shift 2
  before=$(check_snapshot)
  "$@"
  # side round step key delta
  check_snapshot | awk -v s="$side" -v r="$round" 'NR == FNR { b[$1 " " $2] = $3; next }
      { print s, r, $1, $2, $3 - b[$1 " " $2] }' <(printf '%s\n' "$before") - >>"$OUT/check.tsv"
}

check_cost() { # check_cost <side> <step>: "mean p50 p99 count" (ms) of that step over all rounds of that side
  awk -v s="$1" -v st="$2" '
    function quantile(p,   i, t, lo, loc) {
      t = p * v["count"]
      for (i = 1; i <= m; i++) if (c[i] >= t) break
      lo = i > 1 ? b[i - 1] : 0; loc = i > 1 ? c[i - 1] : 0
      if (b[i] > 1e90) return lo * 1000 # above the largest bound: report that bound
      return (lo + (b[i] - lo) * (t - loc) / (c[i] - loc)) * 1000 # linear within the bucket, like histogram_quantile
    }
    $1 == s && $3 == st { v[$4] += $5 }
    END {
      if (v["count"] <= 0) { print "nan nan nan 0"; exit }
      for (k in v) if (k != "count" && k != "sum") { m++; b[m] = (k == "+Inf") ? 1e99 : k + 0; c[m] = v[k] }
      for (i = 2; i <= m; i++) { x = b[i]; y = c[i]; for (j = i - 1; j > 0 && b[j] > x; j--) { b[j + 1] = b[j]; c[j + 1] = c[j] }; b[j + 1] = x; c[j + 1] = y }
      printf "%.3f %.3f %.3f %d\n", v["sum"] / v["count"] * 1000, quantile(0.5), quantile(0.99), v["count"] }' "$OUT/check.tsv"
}

# What fair turns cost one tenant at full speed: A alone, closed loop, its limits out of the way, through the limiting
# app (turns as configured) and through a second app with a turn for every connection, alternating.
speed_run() { # speed_run <label> <port> <round>
  local result
  BENCH_TOKEN=$A_TOKEN BENCH_PATHS=$OUT/a.paths BENCH_DELAY_MS=0 nice -n "$FLOOD_NICE" wrk -t2 \
    -c"$SPEED_CONNECTIONS" -d"${SPEED_SECONDS}s" --timeout 5s --latency -s "$BENCH/wrk/flood.lua" \
    "http://127.0.0.1:$2" >"$OUT/speed-$1-$3.log" 2>&1 || die "wrk failed (see $OUT/speed-$1-$3.log)"
  result=$(sed -n 's/^RESULT //p' "$OUT/speed-$1-$3.log")
  # label round rps s200 p50_ms p99_ms (wrk's latency distribution)
  printf '%s %s %s %s %s %s\n' "$1" "$3" "$(kv_row "" rps <<<"$result")" "$(kv_row "" s200 <<<"$result")" \
    "$(wrk_ms 50% "$OUT/speed-$1-$3.log")" "$(wrk_ms 99% "$OUT/speed-$1-$3.log")" >>"$OUT/speed.tsv"
}

wrk_ms() { # wrk_ms <percentile> <wrk log>: that line of wrk's latency distribution, in ms
  awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000
    printf "%.2f\n", v }' "$2"
}

speed_phase() {
  local port round label metrics
  limits_api "$A_TENANT" "{\"requestsPerSecond\": 100000, \"burst\": 100000, \"maxInFlight\": 10000}" >/dev/null
  port=$(free_port $((PORT + 1)))
  start_app unturned "$port" -Denclave.limits.turns.concurrency=$((SPEED_CONNECTIONS * 4))
  A_TOKEN=$(token "$A_PERSONA")
  log "A alone at full speed: warming up both apps (${WARMUP_SECONDS}s each) ..."
  SPEED_SECONDS=$WARMUP_SECONDS speed_run unturned "$port" warmup
  SPEED_SECONDS=$WARMUP_SECONDS speed_run turns "$PORT" warmup
  for ((round = 1; round <= ROUNDS; round++)); do
    for label in turns unturned; do
      ((round % 2)) || label=$([[ $label == turns ]] && echo unturned || echo turns)
      log "round $round/$ROUNDS: A alone, $label"
      speed_run "$label" "$([[ $label == turns ]] && echo "$PORT" || echo "$port")" "$round"
    done
  done
  metrics=$(curl -sS --max-time 10 "http://127.0.0.1:$(management_port "$PORT")/q/metrics")
  TURNS=$(awk '/^enclave_limits_turns_(taken|waiting) / { printf "%s%s %d", sep, substr($1, 22), $2; sep = ", " }' <<<"$metrics")
  TURNS_CONFIGURED=$(awk '/^enclave_limits_turns_concurrency / { printf "%d", $2 }' <<<"$metrics")
}

speed_median() { awk -v l="$1" -v c="$2" '$1 == l && $2 != "warmup" { print $c }' "$OUT/speed.tsv" | median; }

b_median() { awk -v s="$1" -v c="$2" '$1 == s { print $c }' "$OUT/b.tsv" | median; }
b_sum() { awk -v s="$1" -v c="$2" '$1 == s { t += $c } END { print t + 0 }' "$OUT/b.tsv"; }
# Nearest-rank p99 of every measured B request of one side, all rounds together (the raw files, not the warm-ups):
# the 20th-worst of ~2,000 requests moves less with one stall than the 4th-worst of a round's 400.
b_pooled_p99() { # b_pooled_p99 <side>: "p99_ms requests"
  cat "$OUT"/b-"$1"-[0-9]*.raw | awk '{ print $2 }' | sort -g |
    awk '{ a[NR] = $1 } END { r = int(NR * 0.99); if (r < NR * 0.99) r++; if (r < 1) r = 1; printf "%.2f %d", a[r], NR }'
}
a_sum() { awk -v c="$1" '{ t += $c } END { print t + 0 }' "$OUT/a.tsv"; }

report() {
  local side label p99_alone p99_flood ratio b429 secs a200 a429 offered pooled_alone pooled_flood n_alone n_flood
  printf 'Noisy-neighbour benchmark, %s, %s alternating rounds (medians), load average %s\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$ROUNDS" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'A = %s (%s'"'"'s token): limit %s req/s (burst %s), flooding at %sx over %s connections (wrk -t2, nice %s)\n' \
    "$A_TENANT" "$A_PERSONA" "$A_LIMIT" "$A_LIMIT" "$FLOOD_FACTOR" "$FLOOD_CONNECTIONS" "$FLOOD_NICE"
  printf 'B = %s (%s'"'"'s token): a fixed %s req/s, open loop (bench/client/FixedRate.java, nice %s), limit %s req/s; %s s per run\n' \
    "$B_TENANT" "$B_PERSONA" "$B_RATE" "$B_NICE" "$B_LIMIT" "$RUN_SECONDS"
  printf 'requests: GET /api/v1/documents/{id} (%s per tenant) and GET /api/v1/projects/{id}/documents?limit=20\n\n' "$DOCS"
  printf '%-44s %8s %8s %8s %6s %6s\n' "B's latency" "p50 ms" "p99 ms" "max ms" "429s" "other"
  for side in alone flood; do
    case $side in
      alone) label="alone" ;;
      flood) label="while A floods" ;;
    esac
    printf '%-44s %8.2f %8.2f %8.2f %6d %6d\n' "$label" "$(b_median "$side" 4)" "$(b_median "$side" 5)" \
      "$(b_median "$side" 6)" "$(b_sum "$side" 9)" "$(($(b_sum "$side" 10) + $(b_sum "$side" 11)))"
  done
  p99_alone=$(b_median alone 5)
  p99_flood=$(b_median flood 5)
  ratio=$(awk -v a="$p99_flood" -v b="$p99_alone" 'BEGIN { printf "%.2f", a / b }')
  b429=$(b_sum flood 9)
  printf '\nB p99 while A floods / alone: %s (target <= 1.2) %s\n' "$ratio" \
    "$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2 ? "ok" : "ABOVE TARGET") }')"
  read -r pooled_alone n_alone <<<"$(b_pooled_p99 alone)"
  read -r pooled_flood n_flood <<<"$(b_pooled_p99 flood)"
  printf '  the same with all rounds pooled (%s and %s requests): p99 %s vs %s ms, ratio %s\n' "$n_alone" "$n_flood" \
    "$pooled_alone" "$pooled_flood" "$(awk -v a="$pooled_flood" -v b="$pooled_alone" 'BEGIN { printf "%.2f", a / b }')"
  printf "B's 429s while A floods: %s (target 0) %s\n" "$b429" "$( ((b429 == 0)) && echo ok || echo ABOVE TARGET)"
  secs=$(a_sum 2)
  a200=$(a_sum 5)
  a429=$(a_sum 6)
  offered=$(awk -v n="$(a_sum 4)" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
  printf 'A (all rounds, %s s): offered %s req/s (%sx its limit); 200: %s (%s/s), 429: %s, other: %s, socket errors: %s; %s\n' \
    "$secs" "$offered" "$(awk -v o="$offered" -v l="$A_LIMIT" 'BEGIN { printf "%.1f", o / l }')" \
    "$a200" "$(awk -v n="$a200" -v s="$secs" 'BEGIN { printf "%.1f", n / s }')" "$a429" "$(a_sum 7)" "$(a_sum 8)" \
    "$(awk -v n="$a200" -v s="$secs" -v l="$A_LIMIT" -v q="$a429" -v r="$ROUNDS" \
      'BEGIN { print (q > 0 && n <= l * s + l * r ? "limited ok" : "NOT LIMITED") }')"
  printf '\nCost of the limit checks, measured in the service (enclave.limits.check, all rounds)\n'
  printf '%-44s %8s %8s %8s %8s\n' "" "mean ms" "p50 ms" "p99 ms" "checks"
  for side in alone flood; do
    for step in admit release; do
      case $side in
        alone) label="B alone" ;;
        flood) label="while A floods (A's and B's)" ;;
      esac
      read -r mean p50 p99 n <<<"$(check_cost "$side" "$step")"
      printf '%-44s %8s %8s %8s %8s\n' "$label, $step" "$mean" "$p50" "$p99" "$n"
    done
  done
  printf '(admit: the limits and the Redis decision; release: the in-flight slot back to Redis. An admitted request\n'
  printf ' pays both, a refused one admit only, a cached refusal neither. B alone is the cost of the checks.)\n'
  printf '\nWhat the turns cost A alone at full speed (closed loop, wrk -c%s, nice %s, its limits lifted; %s s per run)\n' \
    "$SPEED_CONNECTIONS" "$FLOOD_NICE" "$SPEED_SECONDS"
  printf '%-44s %8s %8s %8s\n' "" "req/s" "p50 ms" "p99 ms"
  printf '%-44s %8.0f %8s %8s\n' "$TURNS_CONFIGURED turns (as configured)" "$(speed_median turns 3)" \
    "$(speed_median turns 5)" "$(speed_median turns 6)"
  printf '%-44s %8.0f %8s %8s\n' "a turn for every connection" "$(speed_median unturned 3)" \
    "$(speed_median unturned 5)" "$(speed_median unturned 6)"
  printf 'throughput with turns / without: %s; turns still taken after the runs (must be 0): %s\n' \
    "$(awk -v a="$(speed_median turns 3)" -v b="$(speed_median unturned 3)" 'BEGIN { printf "%.2f", a / b }')" "$TURNS"
  printf '\nLimiter decisions of the limiting app: %s\n' "$DECISIONS"
  [[ $DECISIONS == *" 0 local,"* ]] ||
    printf 'WARNING: some decisions were made without Redis (limiter call slower than enclave.limits.redis.timeout):\n  the machine is too busy; A may have got more than its limit and the latencies are not the shared limiter'"'"'s.\n'
  awk -v o="$offered" -v l="$A_LIMIT" -v f="$FLOOD_FACTOR" 'BEGIN { exit !(o < 0.9 * f * l) }' &&
    printf 'NOTE: A offered only %sx its limit (target %sx): the service answered too slowly for %s connections.\n' \
      "$(awk -v o="$offered" -v l="$A_LIMIT" 'BEGIN { printf "%.1f", o / l }')" "$FLOOD_FACTOR" "$FLOOD_CONNECTIONS"
  printf '\npicture: %s/latency-over-time.svg (B alone, B while A floods, A'"'"'s probe; per round)\n' "${OUT#"$ROOT"/}"
  printf 'raw: %s\n' "${OUT#"$ROOT"/}"
}

main() {
  local round order side t0 seed
  t0=$(now)
  need wrk wrk
  need javac openjdk-17-jdk-headless
  postgres_ready || die "PostgreSQL is not running (./enclave up postgres)"
  port_open 6379 || die "Redis is not running (./enclave up redis): the limiter would decide per instance"
  http_ok "$KEYCLOAK/realms/enclave/.well-known/openid-configuration" || die "Keycloak is not up (./enclave up keycloak)"
  build
  javac -d "$OUT/client" "$BENCH/client/FixedRate.java"

  seed=$(prepare_database)
  PORT=$(free_port 18180)
  start_app limited "$PORT"
  if [[ $seed == seed ]]; then
    log "$DB: loading 2 tenants x (1 project, $DOCS documents) ..."
    owner_psql -v tenants=2 -v docs="$DOCS" -f "$BENCH/sql/seed.sql" >/dev/null
  fi
  paths_of "$A_TENANT" >"$OUT/a.paths"
  paths_of "$B_TENANT" >"$OUT/b.paths"

  save_limits
  limits_api "$A_TENANT" "{\"requestsPerSecond\": $A_LIMIT, \"burst\": $A_LIMIT}" >"$OUT/limits-$A_TENANT.json"
  limits_api "$B_TENANT" "{\"requestsPerSecond\": $B_LIMIT, \"burst\": $B_LIMIT}" >"$OUT/limits-$B_TENANT.json"
  log "limits set: $A_TENANT $A_LIMIT req/s, $B_TENANT $B_LIMIT req/s (restored at the end)"

  A_TOKEN=$(token "$A_PERSONA")
  B_TOKEN=$(token "$B_PERSONA")
  log "warming up (${WARMUP_SECONDS}s) ..."
  b_run alone "$WARMUP_SECONDS" warmup
  a_flood "$WARMUP_SECONDS" warmup
  for ((round = 1; round <= ROUNDS; round++)); do
    A_TOKEN=$(token "$A_PERSONA") # fresh per round: a run never outlives a token
    B_TOKEN=$(token "$B_PERSONA")
    # Alone and flood swap their order every other round.
    if ((round % 2)); then order=(alone flood); else order=(flood alone); fi
    for side in "${order[@]}"; do
      log "round $round/$ROUNDS: B $side"
      case $side in
        alone) checked_run alone "$round" b_run alone "$RUN_SECONDS" "$round" ;;
        flood) checked_run flood "$round" flood_round "$round" ;;
      esac
      sleep 2 # A's bucket refills and queues drain before the next run
    done
  done
  DECISIONS=$(decisions)
  speed_phase
  restore_limits
  stop_apps

  python3 "$BENCH/faults/plot.py" noisy "$OUT" >"$OUT/latency-over-time.svg" || log "no picture (plot.py failed)"
  report | tee "$OUT/summary.txt"
  log "done in $(since "$t0")"
}

main "$@"
