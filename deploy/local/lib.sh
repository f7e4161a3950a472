# Shared helpers for ./enclave (sourced; expects ROOT to be set). Progress goes to stderr so that
# commands printing data (token, status) keep stdout clean.

CACHE=${ENCLAVE_CACHE:-$HOME/.cache/enclave} # downloads and unpacked artifacts, shared by clones (CI)
STATE=$ROOT/.enclave                         # runtime state of THIS checkout (git-ignored)
LOGS=$STATE/logs
RUN=$STATE/run
mkdir -p "$CACHE" "$LOGS" "$RUN"

log() { printf '[enclave] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { printf '%s' "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }

# Root-only steps (apt, the machine's PostgreSQL cluster and its files): directly as root (the project's machines
# and CI here), else through sudo, as on GitHub-hosted runners (a user with passwordless sudo). -n: fail, never prompt.
as_root() { # as_root <cmd...>
  if ((EUID == 0)); then
    "$@"
  else
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot run $1"
    sudo -n "$@"
  fi
}

# Install Debian packages only when a command is missing (fresh machines, CI); update only then.
need() { # need <command> <package>
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 (apt) ..."
  { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >>"$LOGS/apt.log" 2>&1 ||
    die "apt-get install $2 failed, see $LOGS/apt.log"
}

# Not for the stack itself: the operator console's tests (ConsoleTest) drive a real headless browser. Any Chromium
# or Chrome with a chromedriver on the PATH will do (GitHub's runners have Chrome); otherwise Debian's packages.
need_browser() {
  if command -v chromedriver >/dev/null 2>&1 &&
    { command -v chromium || command -v google-chrome; } >/dev/null 2>&1; then
    return 0
  fi
  need chromium chromium
  need chromedriver chromium-driver
}

# Maven runs are serialized with a lock: concurrent first downloads into ~/.m2 can corrupt it.
maven() {
  local mvn=mvn
  command -v mvn >/dev/null 2>&1 || mvn=$ROOT/mvnw
  if ! flock "$CACHE/.maven.lock" "$mvn" -B -q "$@" >>"$LOGS/fetch.log" 2>&1; then
    tail -n 20 "$LOGS/fetch.log" >&2
    die "maven fetch failed, see $LOGS/fetch.log"
  fi
}

# Artifacts listed in deploy/local/<name>/pom.xml, copied once into the cache. The folder is keyed by
# the pom's hash, so editing the pom fetches afresh; .complete marks a finished (unzipped) fetch.
fetch() { # fetch <name>: prints the folder
  local pom=$ROOT/deploy/local/$1/pom.xml dir zip
  dir=$CACHE/$1-$(sha256sum "$pom" | cut -c1-12)
  if [[ ! -f $dir/.complete ]]; then
    log "fetching $1 artifacts via Maven (first time) ..."
    rm -rf "$dir"
    maven -f "$pom" dependency:copy-dependencies -DoutputDirectory="$dir"
    for zip in "$dir"/*.zip; do
      [[ -f $zip ]] || continue
      need unzip unzip
      unzip -q "$zip" -d "$dir"
      rm -f "$zip"
    done
    touch "$dir/.complete"
  fi
  printf '%s' "$dir"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null; }

# A pid counts as ours only if it is alive and its command line points into this checkout,
# so a stale pid file whose number was reused by another process is ignored.
pid_of() {
  local f=$RUN/$1.pid pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF "$ROOT/"; then
    printf '%s' "$pid"
  else
    rm -f "$f"
    return 1
  fi
}

rss_mib() { # resident memory of the whole session (e.g. kc.sh + its java)
  ps -o rss= -s "$1" 2>/dev/null | awk '{ s += $1 } END { printf "%d MiB", s / 1024 }'
}

# Start a command detached in its own session (outlives this shell, no terminal signals);
# its pid is the session and group id, so down() can signal the whole tree.
spawn() { # spawn <name> <cmd...>
  local name=$1 pidfile=$RUN/$1.pid log=$LOGS/$1.log
  shift
  [[ -f $log ]] && mv -f "$log" "$log.1"
  rm -f "$pidfile"
  # The daemon must not inherit up()'s lock, or the lock would live as long as the daemon.
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$log" 2>&1 </dev/null {LOCK_FD}>&- &
  for _ in $(seq 50); do [[ -s $pidfile ]] && return 0; sleep 0.1; done
  die "$name did not start, see $log"
}

fail_with_log() { # fail_with_log <name> <message>
  log "ERROR: $1 $2 -- log: $LOGS/$1.log, last lines:"
  tail -n 25 "$LOGS/$1.log" >&2 2>/dev/null || true
  return 1
}

# Concurrent `./enclave up <c>` calls (tests, CI) queue here, then find the component up.
lock() { exec {LOCK_FD}>"$RUN/$1.lock" && flock "$LOCK_FD"; }

# Generic lifecycle: each component file defines <c>_port, <c>_ready (probe), <c>_start and
# <c>_timeout (seconds).
up() { # up <component>
  local c=$1 t0 tw pid port
  t0=$(now)
  port=$("${c}_port")
  # Another checkout (a git worktree) may share one running stack: then we only check that it is there.
  if [[ ${ENCLAVE_STACK_EXTERNAL:-} == 1 && $c != service ]]; then
    port_open "$port" || die "$c: ENCLAVE_STACK_EXTERNAL=1 but nothing listens on :$port"
    log "$c: using the instance on :$port (ENCLAVE_STACK_EXTERNAL=1)"
    return 0
  fi
  lock "$c"
  if pid=$(pid_of "$c"); then
    if "${c}_ready"; then log "$c already up (pid $pid)"; return 0; fi
    log "$c running (pid $pid) but not ready yet, waiting"
  else
    if port_open "$port"; then
      log "ERROR: $c: port $port is taken by a process not started from $ROOT:"
      ss -Hltnp "sport = :$port" >&2 2>/dev/null || true
      return 1
    fi
    "${c}_start" # errexit applies here: a failed fetch or prepare step aborts
    pid=$(pid_of "$c") || { fail_with_log "$c" "exited right after start"; return 1; }
  fi
  tw=$(now) # the timeout counts from the launch, not from a first download
  until "${c}_ready"; do
    kill -0 "$pid" 2>/dev/null || { fail_with_log "$c" "exited before becoming ready"; return 1; }
    if awk -v a="$tw" -v b="$EPOCHREALTIME" -v t="$("${c}_timeout")" 'BEGIN { exit !(b - a > t) }'; then
      fail_with_log "$c" "not ready after $("${c}_timeout")s"
      return 1
    fi
    sleep 0.5
  done
  log "$c ready on :$port in $(since "$t0") (pid $pid, rss $(rss_mib "$pid"))"
}

down() { # down <component>: TERM the session, wait, then KILL
  local c=$1 pid i
  pid=$(pid_of "$c") || { log "$c not running"; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do # 30 s: OpenSearch and Keycloak flush on shutdown
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 -- "-$pid" 2>/dev/null; then
    log "$c did not stop in 30s, killing"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$c.pid"
  log "$c stopped"
}
