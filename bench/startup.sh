#!/usr/bin/env bash
# Start time and memory of the packaged service (bench/README.md): from launch to the first 200 on a DB-backed
# endpoint (GET /api/v1/projects as alice: token check, tenant registry, an RLS-scoped query), and its resident
# memory then and after 200 more requests.
#   bench/startup.sh            side by side, runs interleaved: the fast-jar on JDK 17 as ./enclave up runs it
#                               (migrations at start) vs the serverless JVM mode (deploy/aot: aot-jar with a JDK AOT
#                               cache from a training run, Temurin 25, no migrations at start, deploy/aot/jvm.options)
#   bench/startup.sh <app>      one packaged app: target/<name>-runner (CI's native job) or a quarkus-run.jar
# Needs the local stack (./enclave stack up). Profile `local` against BENCH_STARTUP_DB (default enclave), with its
# own Kafka topics and consumer groups so that it neither reads nor steals another instance's events.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
KEYCLOAK=${BENCH_KEYCLOAK:-http://localhost:8180}
RUNS=${BENCH_STARTUP_RUNS:-3}        # measured starts per mode; the table shows median and worst
DB=${BENCH_STARTUP_DB:-enclave}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms64m -Xmx384m} # the local stack's service defaults (deploy/local/service.sh)
JAVA17=${BENCH_JAVA17:-java}
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
AOT_DIR=$ROOT/target/quarkus-app-aot
OUT=$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)-startup
mkdir -p "$OUT"
# shellcheck source=lib.sh
source "$BENCH/lib.sh" # log, die, need, now, free_port, token, median, build

need curl curl
need python3 python3
APP=${1:-}
if [[ -n $APP ]]; then
  [[ -f $APP ]] || die "no $APP: build it first (./mvnw package -DskipTests, or -Dnative)"
  if [[ $APP == *.jar ]]; then MODES=(jar); else MODES=(native); fi
else
  MODES=(jar17 aot25)
fi

PID=
stop_app() {
  [[ -n $PID ]] || return 0
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
}
trap stop_app EXIT

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# Starts <mode> in the background (PID) with the common options; its output goes to <log>.
launch() { # launch <mode> <log> <option...>
  local mode=$1 log=$2
  shift 2
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of words
  case $mode in
    jar) java $JAVA_OPTS "$@" -jar "$APP" >"$log" 2>&1 & ;;
    native) "$APP" "$@" >"$log" 2>&1 & ;;
    jar17) "$JAVA17" $JAVA_OPTS "$@" -jar "$JAR" >"$log" 2>&1 & ;;
    # AOTMode=on: refuse to start rather than run without the cache (a JDK or class path other than the training's).
    # The aot-jar's class path is relative: start from its directory, as in production.
    aot25) (cd "$AOT_DIR" && exec "$(<app.aot.java)" "@$ROOT/deploy/aot/jvm.options" -XX:AOTMode=on -XX:AOTCache=app.aot \
      -Dquarkus.flyway.migrate-at-start=false "$@" -jar quarkus-run.jar) >"$log" 2>&1 & ;;
  esac
  PID=$!
}

# One start: prints "<mode> <run> <seconds to first 200> <Quarkus' 'started in'> <RSS KiB at first 200> <RSS KiB after 200 requests>".
measure() { # measure <mode> <run number>
  local mode=$1 port log t0 first code started rss1 rss2 url
  port=$(free_port 18400)
  log=$OUT/$mode-$2.log
  url=http://127.0.0.1:$port/api/v1/projects
  t0=$(now)
  launch "$mode" "$log" -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dquarkus.management.port="$(management_port "$port")" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Denclave.events.topic="enclave-startup-$$.domain-events" -Denclave.events.dead-letter-topic="enclave-startup-$$.dlq" \
    -Denclave.events.group-suffix="-startup-$$" -Denclave.limits.redis.key-prefix="startup-$$:"
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Authorization: Bearer $TOKEN" "$url" || true)
    [[ $code == 200 ]] && break
    kill -0 "$PID" 2>/dev/null || { tail -n 20 "$log" >&2; die "$mode exited (last answer: $code)"; }
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 180) }' && die "$mode: no 200 from $url after 180 s (last: $code)"
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
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$2" "$first" "${started:-nan}" "$rss1" "$rss2"
}

if [[ " ${MODES[*]} " == *" jar17 "* ]]; then
  build # target/quarkus-app, the default fast-jar
  [[ $("$JAVA17" -version 2>&1) == *'"17.'* ]] || die "$JAVA17 is not a JDK 17 (set BENCH_JAVA17)"
fi
TOKEN=$(token alice)
log "measuring ${MODES[*]}: 1 warm-up start (it may migrate an empty database), then $RUNS each, interleaved"
measure "${MODES[0]}" 0 >"$OUT/warmup.tsv"
if [[ " ${MODES[*]} " == *" aot25 "* ]]; then
  # The cache is made from the same sources, against the database the warm-up just migrated.
  TRAIN_DB=$DB "$ROOT/deploy/aot/train.sh" 2>&1 | tee "$OUT/train.log" >&2
fi
printf 'mode\trun\tready_s\tstarted_s\trss_first_kib\trss_after_kib\n' >"$OUT/runs.tsv"
for ((i = 1; i <= RUNS; i++)); do
  for mode in "${MODES[@]}"; do measure "$mode" "$i" >>"$OUT/runs.tsv"; done
done

{
  printf 'Startup, %d runs per mode, load average %s (%s)\n' "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc) cores"
  python3 "$BENCH/startup/plot.py" table "$OUT"
  printf 'raw: %s\n' "${OUT#"$ROOT"/}"
} | tee "$OUT/table.txt"
python3 "$BENCH/startup/plot.py" svg "$OUT" >"$OUT/startup.svg"
log "picture: ${OUT#"$ROOT"/}/startup.svg"
