#!/usr/bin/env bash
# Start time and memory of the packaged service (bench/README.md): from launch to the first 200 on a DB-backed
# endpoint (GET /api/v1/projects as alice: token check, tenant registry, an RLS-scoped query), and its resident
# memory then and after 200 more requests. The native executable when there is one (CI's native job), else the jar:
#   bench/startup.sh [target/<name>-runner | target/quarkus-app/quarkus-run.jar]
# Needs the local stack (./enclave stack up). Profile `local` against BENCH_STARTUP_DB (default enclave), with its
# own Kafka topics and consumer groups so that it neither reads nor steals another instance's events.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
RUNS=${BENCH_STARTUP_RUNS:-3}        # measured starts; the table shows medians
DB=${BENCH_STARTUP_DB:-enclave}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms64m -Xmx384m} # the local stack's service defaults (deploy/local/service.sh)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)-startup
mkdir -p "$OUT"
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, now, free_port, token, median

APP=${1:-}
if [[ -z $APP ]]; then
  runners=("$ROOT"/target/*-runner)
  if [[ -x ${runners[0]} ]]; then APP=${runners[0]}; else APP=$JAR; fi
fi
[[ -f $APP ]] || die "no $APP: build it first (./mvnw package -DskipTests, or -Dnative)"
need curl curl

PID=
stop_app() {
  [[ -n $PID ]] || return 0
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}
trap stop_app EXIT

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# One start: prints "<seconds to first 200> <Quarkus' own 'started in'> <RSS KiB at first 200> <RSS KiB after 200 requests>".
measure() { # measure <run number>
  local port log t0 first code started rss1 rss2 url
  port=$(free_port 18400)
  log=$OUT/app-$1.log
  url=http://127.0.0.1:$port/api/v1/projects
  local opts=(-Dquarkus.profile=local -Dquarkus.http.port="$port" -Dquarkus.management.port="$(management_port "$port")"
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB"
    -Denclave.events.topic="enclave-startup-$$.domain-events" -Denclave.events.dead-letter-topic="enclave-startup-$$.dlq"
    -Denclave.events.group-suffix="-startup-$$" -Denclave.limits.redis.key-prefix="startup-$$:")
  t0=$(now)
  if [[ $APP == *.jar ]]; then
    # shellcheck disable=SC2086 # the options are a list of words
    java $JAVA_OPTS "${opts[@]}" -jar "$APP" >"$log" 2>&1 &
  else
    "$APP" "${opts[@]}" >"$log" 2>&1 &
  fi
  PID=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Authorization: Bearer $TOKEN" "$url" || true)
    [[ $code == 200 ]] && break
    kill -0 "$PID" 2>/dev/null || { tail -n 20 "$log" >&2; die "the service exited (last answer: $code)"; }
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 180) }' && die "no 200 from $url after 180 s (last: $code)"
    sleep 0.01
  done
  first=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
  rss1=$(rss_kib "$PID")
  # 200 more requests on one connection: what the first requests allocate (JIT, pools, caches) shows up here.
  local urls=()
  for _ in {1..200}; do urls+=(-o /dev/null "$url"); done
  curl -s -H "Authorization: Bearer $TOKEN" "${urls[@]}"
  rss2=$(rss_kib "$PID")
  started=$(grep -o 'started in [0-9.]*s' "$log" | head -n 1 | tr -dc '0-9.')
  stop_app
  echo "$first ${started:-nan} $rss1 $rss2"
}

TOKEN=$(token alice)
log "measuring $APP: 1 warm-up start (it may migrate an empty database), then $RUNS"
measure 0 >"$OUT/warmup.txt"
for ((i = 1; i <= RUNS; i++)); do measure "$i" >>"$OUT/runs.txt"; done

col() { awk -v c="$1" '{ print $c }' "$OUT/runs.txt" | median; }
{
  printf 'Startup of %s, %d runs (medians), load average %s\n' "${APP#"$ROOT"/}" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-52s %10s\n' "launch to first 200, GET /api/v1/projects (alice)" "$(col 1) s"
  printf '%-52s %10s\n' "Quarkus' own 'started in'" "$(col 2) s"
  printf '%-52s %10s\n' "RSS at the first 200" "$(col 3 | awk '{ printf "%.0f", $1 / 1024 }') MiB"
  printf '%-52s %10s\n' "RSS after 200 more requests" "$(col 4 | awk '{ printf "%.0f", $1 / 1024 }') MiB"
  printf 'each run (s, s, KiB, KiB):\n'
  sed 's/^/  /' "$OUT/runs.txt"
  printf 'raw: %s\n' "${OUT#"$ROOT"/}"
} | tee "$OUT/table.txt"
