# Keycloak (dev mode, H2) from the Maven Central distribution zip. Sourced by ./enclave.
#
# The unzipped distribution and its one-time build (lib/quarkus) stay in the shared cache; this
# checkout gets its own home in .enclave/keycloak/home that links to it, so data/ (H2 database,
# realm import) is per checkout.

REALM_FILE=$ROOT/deploy/keycloak/enclave-realm.json
KEYCLOAK_URL=http://localhost:8180

keycloak_port() { echo 8180; }
keycloak_timeout() { echo 300; } # the first start builds Keycloak for dev mode (about a minute)
keycloak_ready() { http_ok http://127.0.0.1:8180/realms/enclave/.well-known/openid-configuration; }

keycloak_start() {
  local dist kc=$STATE/keycloak home=$STATE/keycloak/home sum d
  dist=$(fetch keycloak)
  dist=$(echo "$dist"/keycloak-*/)
  mkdir -p "$home/bin" "$home/data/import"
  for d in lib conf providers themes; do ln -sfn "$dist$d" "$home/$d"; done
  cp -f "${dist}bin/kc.sh" "$home/bin/kc.sh" # a copy: kc.sh takes its home from its real path

  # The realm is imported only into an empty database: a changed realm file (or a lost admin
  # password) means a fresh database, so a stale realm never survives.
  sum=$(sha256sum "$REALM_FILE" | cut -d' ' -f1)
  if [[ ! -s $kc/admin-password || $(cat "$kc/realm.sha256" 2>/dev/null) != "$sum" ]]; then
    rm -rf "$home/data/h2"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$kc/admin-password")
    echo "$sum" >"$kc/realm.sha256"
  fi
  cp -f "$REALM_FILE" "$home/data/import/enclave-realm.json"

  # Secrets go through the environment, never the command line.
  (
    export KC_BOOTSTRAP_ADMIN_USERNAME=admin
    KC_BOOTSTRAP_ADMIN_PASSWORD=$(<"$kc/admin-password")
    export KC_BOOTSTRAP_ADMIN_PASSWORD
    export JAVA_OPTS_KC_HEAP=${ENCLAVE_KEYCLOAK_HEAP:--Xms64m -Xmx512m}
    # C1 only: start-up CPU drops from ~32 s to ~19 s (see kafka.sh).
    export JAVA_OPTS_APPEND=${ENCLAVE_KEYCLOAK_JAVA_OPTS:--XX:TieredStopAtLevel=1}
    spawn keycloak "$home/bin/kc.sh" start-dev --http-port=8180 --http-host=127.0.0.1 \
      --hostname="$KEYCLOAK_URL" --import-realm
  )
}

# Prints only the raw access token of a dev persona (password = username) on stdout.
keycloak_token() {
  local user=$1 body token
  body=$(curl -sS --max-time 20 "$KEYCLOAK_URL/realms/enclave/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=enclave-cli -d scope=openid \
    --data-urlencode "username=$user" --data-urlencode "password=$user" 2>&1) ||
    die "Keycloak not reachable on :8180 (./enclave up keycloak): $body"
  token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$body")
  [[ -n $token ]] || die "no token for '$user': $(sed -n 's/.*"error_description":"\([^"]*\)".*/\1/p' <<<"$body")"
  printf '%s\n' "$token"
}
