# The Enclave service itself (Quarkus fast-jar) on :8080, its management interface (health, metrics, OpenAPI)
# on :9100. Sourced by ./enclave.

SERVICE_JAR=$ROOT/target/quarkus-app/quarkus-run.jar
SERVICE_JAVA_OPTS=${ENCLAVE_SERVICE_JAVA_OPTS:--Xms64m -Xmx384m}
SERVICE_PROFILE=${ENCLAVE_SERVICE_PROFILE:-local} # application.properties: %local = dev realm seed data

service_port() { echo 8080; }
service_timeout() { echo 120; }
service_ready() { http_ok http://127.0.0.1:9100/q/health/ready; }

# Package when there is no jar yet or a source is newer than both the jar (someone ran mvn) and
# our last successful package (which may leave an unchanged jar untouched).
service_stale() {
  local ref=$SERVICE_JAR
  [[ -f $ref ]] || return 0
  [[ $RUN/service.built -nt $ref ]] && ref=$RUN/service.built
  [[ -n $(find "$ROOT/pom.xml" "$ROOT/src" -newer "$ref" -print -quit 2>/dev/null) ]]
}

service_build() {
  [[ -f $ROOT/pom.xml && -x $ROOT/mvnw ]] || die "no pom.xml/mvnw in $ROOT: nothing to build"
  local t0
  t0=$(now)
  log "packaging the service (./mvnw -B -q package -DskipTests) ..."
  if ! (cd "$ROOT" && ./mvnw -B -q package -DskipTests) >"$LOGS/build.log" 2>&1; then
    tail -n 30 "$LOGS/build.log" >&2
    die "build failed, see $LOGS/build.log"
  fi
  touch "$RUN/service.built"
  log "packaged in $(since "$t0")"
}

service_start() {
  # shellcheck disable=SC2086 # the options are a list of words
  spawn service java $SERVICE_JAVA_OPTS -XX:+ExitOnOutOfMemoryError \
    -Dquarkus.profile="$SERVICE_PROFILE" -jar "$SERVICE_JAR"
}

service_up() {
  if service_stale; then
    if pid_of service >/dev/null; then down service; fi # it runs an older build, from files we replace
    service_build
  fi
  up service
}
