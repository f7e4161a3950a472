# Kafka broker (KRaft, one process) from Maven Central jars. Sourced by ./enclave.

KAFKA_DIR=$ROOT/deploy/local/kafka
# C1 only (TieredStopAtLevel=1): about half the start-up CPU, which matters with three JVMs starting
# on two cores; override for benchmarks.
KAFKA_JAVA_OPTS=${ENCLAVE_KAFKA_JAVA_OPTS:--Xms256m -Xmx256m -XX:TieredStopAtLevel=1}

kafka_port() { echo 9092; }
kafka_timeout() { echo 90; }
# The broker accepts connections before it is fully up; the log line marks the end of startup.
kafka_ready() { port_open 9092 && grep -q 'Kafka Server started' "$LOGS/kafka.log" 2>/dev/null; }

kafka_start() {
  local lib data=$STATE/kafka/data props=$STATE/kafka/server.properties id
  # Not for the broker: the tests' untrusted producer (UntrustedProducerTest) is Debian's kcat, a Kafka client that
  # is not Enclave's. Installed with the broker so that the README's two commands are all a machine needs.
  need kcat kcat
  lib=$(fetch kafka)
  mkdir -p "$data"
  { cat "$KAFKA_DIR/server.properties"; echo "log.dirs=$data"; } >"$props"
  if [[ ! -f $data/meta.properties ]]; then
    # A cluster id is 16 random bytes in URL-safe base64; ids starting with '-' confuse CLIs.
    id=-
    while [[ $id == -* ]]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
    java -Xmx128m -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.properties" -cp "$lib/*" \
      kafka.tools.StorageTool format -t "$id" -c "$props" >>"$LOGS/kafka-format.log" 2>&1 ||
      die "kafka storage format failed, see $LOGS/kafka-format.log"
  fi
  # shellcheck disable=SC2086 # the options are a list of words
  spawn kafka java $KAFKA_JAVA_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$lib/*" kafka.Kafka "$props"
}
