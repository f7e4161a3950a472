#!/usr/bin/env bash
# The serverless JVM mode (deploy/aot/README.md): packages the service as Quarkus' aot-jar (plain class path, so the
# JDK can cache every class; built by JDK 17 like the default jar) into target/quarkus-app-aot, then makes its JDK AOT
# cache (JEP 483/514/515) with a training run on Temurin 25: the jar starts with -XX:AOTCacheOutput, serves the
# requests a fresh instance serves first (token check, tenant registry, RLS-scoped reads, problems, health), and stops;
# the JVM writes target/quarkus-app-aot/app.aot on exit. Start it the same way, with the same JDK build:
#   cd target/quarkus-app-aot && java @../../deploy/aot/jvm.options -XX:AOTCache=app.aot -jar quarkus-run.jar
# Needs the local stack (./enclave stack up) and a migrated database (TRAIN_DB, default enclave): like production,
# the trained instance does not migrate at start. Options: ENCLAVE_JAVA25 (the JDK >= 25 java), TRAIN_DB,
# TRAIN_REQUESTS (rounds of requests, default 30), AOT_SKIP_BUILD=1 (train the existing target/quarkus-app-aot).
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../local/lib.sh
source "$ROOT/deploy/local/lib.sh" # log, die, now, since, port_open
# shellcheck source=../local/keycloak/keycloak.sh
source "$ROOT/deploy/local/keycloak/keycloak.sh" # keycloak_token

APP_DIR=$ROOT/target/quarkus-app-aot
OPTIONS=$ROOT/deploy/aot/jvm.options
DB=${TRAIN_DB:-enclave}
ROUNDS=${TRAIN_REQUESTS:-30}

# The JDK that trains must be the one that runs: the cache records its exact build.
java25() {
  local candidate
  for candidate in "${ENCLAVE_JAVA25:-}" /usr/lib/jvm/temurin-25*/bin/java "$(command -v java || true)"; do
    [[ -n $candidate && -x $candidate ]] || continue
    if "$candidate" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
      printf '%s' "$candidate"
      return 0
    fi
  done
  die "no JDK >= 25 (set ENCLAVE_JAVA25 to its bin/java; Temurin 25 is what the project uses)"
}
JAVA25=$(java25)

if [[ ${AOT_SKIP_BUILD:-} != 1 ]]; then
  log "packaging the aot-jar (./mvnw package -DskipTests -Dquarkus.package.jar.type=aot-jar) into target/quarkus-app-aot ..."
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type=aot-jar -Dquarkus.package.output-directory=quarkus-app-aot) \
    >"$LOGS/aot-build.log" 2>&1 || { tail -n 30 "$LOGS/aot-build.log" >&2; die "build failed, see $LOGS/aot-build.log"; }
fi
[[ -f $APP_DIR/quarkus-run.jar ]] || die "no $APP_DIR/quarkus-run.jar"
rm -f "$APP_DIR/app.aot" "$APP_DIR/app.aot.java"

port=18600
while port_open "$port" || port_open $((port + 10000)); do port=$((port + 1)); done
url=http://127.0.0.1:$port
token=$(keycloak_token alice)
log "training run on :$port with $JAVA25 (database $DB, $ROUNDS rounds)"
t0=$(now)
# Own topics, consumer groups and limit keys: the training instance neither reads nor takes another instance's work.
# The relative class path of the aot-jar: start from its directory, as at run time.
(cd "$APP_DIR" && exec "$JAVA25" "@$OPTIONS" -XX:AOTCacheOutput=app.aot \
  -Dquarkus.profile=local -Dquarkus.flyway.migrate-at-start=false \
  -Dquarkus.http.port="$port" -Dquarkus.management.port=$((port + 10000)) \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
  -Denclave.events.topic="enclave-aot-train.domain-events" -Denclave.events.dead-letter-topic="enclave-aot-train.dlq" \
  -Denclave.events.group-suffix="-aot-train" -Denclave.limits.redis.key-prefix="aot-train:" \
  -jar quarkus-run.jar) >"$LOGS/aot-train.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
trap 'exit 1' INT TERM # the EXIT trap stops the training instance
get() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }
until [[ $(get -H "Authorization: Bearer $token" "$url/api/v1/projects") == 200 ]]; do
  kill -0 "$pid" 2>/dev/null || { tail -n 20 "$LOGS/aot-train.log" >&2; die "the training instance exited"; }
  awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 300) }' && die "no 200 after 300 s, see $LOGS/aot-train.log"
  sleep 0.2
done
for ((i = 0; i < ROUNDS; i++)); do
  get -H "Authorization: Bearer $token" "$url/api/v1/projects" >/dev/null
  get -H "Authorization: Bearer $token" "$url/api/v1/me" >/dev/null
  get -H "Authorization: Bearer $token" "$url/api/v1/settings" >/dev/null
  get -H "Authorization: Bearer $token" "$url/api/v1/projects/00000000-0000-0000-0000-000000000000" >/dev/null # 404 problem
  get "$url/api/v1/me" >/dev/null                                                                             # 401 problem
  get "http://127.0.0.1:$((port + 10000))/q/health/ready" >/dev/null
done
kill -TERM "$pid"
wait "$pid" || true # the JVM writes the cache while it exits
trap - EXIT INT TERM
[[ -s $APP_DIR/app.aot ]] || { tail -n 20 "$LOGS/aot-train.log" >&2; die "no app.aot written, see $LOGS/aot-train.log"; }
# The JDK the cache belongs to, for whoever starts this directory (bench/startup.sh).
printf '%s\n' "$JAVA25" >"$APP_DIR/app.aot.java"
log "AOT cache $APP_DIR/app.aot ($(du -m "$APP_DIR/app.aot" | cut -f1) MiB) in $(since "$t0")"
