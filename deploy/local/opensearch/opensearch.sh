# OpenSearch single node (Elasticsearch-compatible REST API) from Maven Central jars, started by
# OpenSearchNode.java through Java's source launcher (no build step). Sourced by ./enclave.

OPENSEARCH_DIR=$ROOT/deploy/local/opensearch
# C1 only: half the start-up CPU (see kafka.sh); override for benchmarks.
OPENSEARCH_JAVA_OPTS=${ENCLAVE_OPENSEARCH_JAVA_OPTS:--Xms384m -Xmx384m -XX:TieredStopAtLevel=1}

opensearch_port() { echo 9200; }
opensearch_timeout() { echo 120; }
opensearch_ready() { http_ok 'http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=1s'; }

opensearch_start() {
  local lib home=$STATE/opensearch
  lib=$(fetch opensearch)
  mkdir -p "$home"
  # shellcheck disable=SC2086 # the options are a list of words
  spawn opensearch java $OPENSEARCH_JAVA_OPTS -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
    -cp "$lib/*" "$OPENSEARCH_DIR/OpenSearchNode.java" "$home" 9200 9300
}
