# Shared by the bench/ scripts: the local stack's helpers and what every benchmark does the same way.
# The sourcing script sets ROOT, BENCH, OUT, JAR and KEYCLOAK first.
# shellcheck source=../deploy/local/lib.sh
source "$ROOT/deploy/local/lib.sh" # log, die, need, now, since, port_open, http_ok
# shellcheck source=../deploy/local/postgres.sh
source "$ROOT/deploy/local/postgres.sh" # pg_admin (superuser psql), postgres_ready

# Packages the service unless the jar is newer than every source (the marker is shared by all benchmarks).
build() {
  local marker=$BENCH/results/.built
  if [[ -f $JAR && -f $marker && -z $(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$marker" -print -quit) ]]; then
    return 0
  fi
  log "packaging the service (./mvnw -B -q package -DskipTests) ..."
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests) >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; die "build failed"; }
  touch "$marker"
}

free_port() { # free_port <from>
  local p
  for ((p = $1; p < $1 + 200; p++)); do port_open "$p" || { echo "$p"; return 0; }; done
  die "no free port from $1"
}

# The management interface's port (health, metrics) of an instance the benchmarks start on HTTP port <port>.
management_port() { echo $(($1 + 10000)); } # management_port <port>

# Waits until a started service answers ready; dies with the end of its log if it exits or takes over 180 s.
wait_ready() { # wait_ready <pid> <port> <log file> <label>
  local t0
  t0=$(now)
  until http_ok "http://127.0.0.1:$(management_port "$2")/q/health/ready"; do
    kill -0 "$1" 2>/dev/null || { tail -n 20 "$3" >&2; die "$4 exited"; }
    awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { exit !(b - a > 180) }' && die "$4 not ready after 180 s"
    sleep 0.5
  done
  log "$4 ready on :$2 in $(since "$t0")"
}

# An access token from the dev realm (password grant; password = username).
token() { # token <persona>
  local body
  body=$(curl -sS --max-time 20 "$KEYCLOAK/realms/enclave/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=enclave-cli -d "username=$1" -d "password=$1")
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$body" | grep . || die "no token for $1: $body"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
