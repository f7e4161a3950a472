# Zipkin server (trace backend, in-memory storage) from its executable jar on Maven Central. The service exports
# spans to http://127.0.0.1:<port>/api/v2/spans (enclave.tracing.zipkin-endpoint). Sourced by ./enclave.

# C1 only and a small heap: it holds the last traces in memory for local debugging and tests, nothing more.
ZIPKIN_JAVA_OPTS=${ENCLAVE_ZIPKIN_JAVA_OPTS:--Xms64m -Xmx256m -XX:TieredStopAtLevel=1}

# ENCLAVE_ZIPKIN_PORT: a second Zipkin beside a shared one (a worktree's own tests).
zipkin_port() { echo "${ENCLAVE_ZIPKIN_PORT:-9411}"; }
zipkin_timeout() { echo 60; }
zipkin_ready() { http_ok "http://127.0.0.1:$(zipkin_port)/health"; }

zipkin_start() {
  local lib jar
  lib=$(fetch zipkin)
  jar=$(printf '%s\n' "$lib"/zipkin-server-*-exec.jar | head -n 1)
  [[ -f $jar ]] || die "zipkin: no executable jar in $lib"
  # In-memory storage keeps 500,000 spans by default, more than the heap holds under a full test run (it died
  # of OutOfMemoryError): keep the newest 20,000, plenty for a trace looked at now.
  # The jar lives in the shared cache; -Denclave.checkout puts this checkout into the command line, which is
  # how pid_of tells our process from another checkout's.
  # shellcheck disable=SC2086 # the options are a list of words
  spawn zipkin java $ZIPKIN_JAVA_OPTS -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
    -Denclave.checkout="$ROOT/" -jar "$jar" --server.port="$(zipkin_port)" --zipkin.storage.type=mem \
    --zipkin.storage.mem.max-spans=20000
}
