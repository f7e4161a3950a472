# Redis: like PostgreSQL, the machine's own server (Debian package redis-server). We only make sure it runs;
# it holds the per-tenant request limits shared by all instances (nothing durable). Sourced by ./enclave.

redis_port() { echo 6379; }
redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]; }
redis_pid() { redis-cli -h 127.0.0.1 -p 6379 info server 2>/dev/null | sed -n 's/^process_id:\([0-9]*\).*/\1/p'; }

redis_up() {
  local t0
  t0=$(now)
  if [[ ${ENCLAVE_STACK_EXTERNAL:-} == 1 ]]; then
    port_open 6379 || die "redis: ENCLAVE_STACK_EXTERNAL=1 but nothing listens on :6379"
    log "redis: using the instance on :6379 (ENCLAVE_STACK_EXTERNAL=1)"
    return 0
  fi
  lock redis
  need redis-server redis-server
  if ! redis_ready; then
    log "starting redis-server on :6379"
    # Limits state only: no persistence, loopback only.
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no --logfile "$LOGS/redis.log"
    for _ in $(seq 40); do redis_ready && break; sleep 0.25; done
    redis_ready || die "Redis did not come up, see $LOGS/redis.log"
  fi
  log "redis ready on :6379 in $(since "$t0")"
}
