# Shared by the resilience scenarios (sourced by bench/resilience/run.sh). Conventions of bench/run.sh:
# options by environment, everything started is stopped by PID on exit, results under bench/results/<date>/.
# shellcheck shell=bash

RZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_DIR=$(dirname "$RZ_DIR")
ROOT=$(dirname "$BENCH_DIR")
PY=/usr/bin/python3
PG_HOST=${RZ_PG_HOST:-127.0.0.1}
PG_PORT=${RZ_PG_PORT:-5432}
PG_USER=${RZ_PG_USER:-postgres}
REDIS_HOST=${RZ_REDIS_HOST:-127.0.0.1}
REDIS_PORT=${RZ_REDIS_PORT:-6379}
REDIS_DB=${RZ_REDIS_DB:-11}           # a database index of our own: rate-limit keys do not mix with others'
XMX=${RZ_XMX:-256m}
# Per instance. The machine's PostgreSQL (max_connections 100) is shared: two instances at 10 each plus their
# LISTEN connections are a fifth of it, and idle connections are given back (minimum-idle 1).
POOL_SIZE=${RZ_POOL_SIZE:-10}
JAR_SRC=${RZ_JAR:-$ROOT/server/target/server-2.0.0-SNAPSHOT-exec.jar}
OUT=${RZ_OUT:-$BENCH_DIR/results/$(date -u +%Y-%m-%d)}

rz_init() { # rz_init SCENARIO
  SCENARIO=$1
  RAW=$OUT/raw/$SCENARIO
  rm -rf "$RAW"
  mkdir -p "$RAW"
  RUN_LOG=$RAW/run.log
  : > "$RUN_LOG"
  PIDS=()
  DBS=()
  trap rz_cleanup EXIT
  trap 'exit 130' INT TERM
  rz_tools
  {
    echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git_commit=$(git -C "${RZ_GIT_ROOT:-$ROOT}" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "git_dirty=$(git -C "${RZ_GIT_ROOT:-$ROOT}" status --porcelain 2>/dev/null | grep -c . || true)"
    echo "cpus=$(nproc)"
    echo "java=$("$JAVA" -version 2>&1 | head -1)"
    echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$RAW/env.txt"
  log "scenario $SCENARIO: raw output in $RAW"
}

log() { echo "[resilience $(date -u +%H:%M:%S)] $*" | tee -a "$RUN_LOG" >&2; }
die() { log "FAILED: $*"; exit 2; }

stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  log "PID $pid did not stop in 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

rz_cleanup() {
  local rc=$? i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
  rm -f "$RAW/signing-key.pem"   # a throwaway key, but a key: not left on disk
  for db in "${DBS[@]}"; do dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true; done
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/env.txt" 2>/dev/null || true
  [[ $rc == 0 ]] || log "exit code $rc; results so far in $OUT"
}

rz_tools() {
  local need=()
  command -v gnuplot >/dev/null || need+=(gnuplot-nox)
  command -v psql >/dev/null || need+=(postgresql-client)
  command -v curl >/dev/null || need+=(curl)
  command -v openssl >/dev/null || need+=(openssl)
  command -v redis-cli >/dev/null || need+=(redis-tools)
  [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
  $PY -c 'import aiohttp' 2>/dev/null || need+=(python3-aiohttp)
  if ((${#need[@]})); then
    log "installing ${need[*]} (apt-get)"
    local sudo=; [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq >>"$RUN_LOG" 2>&1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >>"$RUN_LOG" 2>&1 || die "apt-get install ${need[*]}"
  fi
  if [[ -z ${JAVA_HOME:-} ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  export JAVA_HOME
  JAVA=$JAVA_HOME/bin/java
  [[ -x $JAVA ]] || die "no JDK 21+ (set JAVA_HOME)"
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3 || die "no PostgreSQL on $PG_HOST:$PG_PORT"
  # The exec jar: the work tree's (build: ./mvnw -o -B -q -pl server -am package -DskipTests), copied so a
  # rebuild during the run cannot change it under a running server.
  if [[ ! -f $JAR_SRC ]]; then
    log "building the server jar (mvnw -o -pl server -am package -DskipTests)"
    (cd "$ROOT" && ./mvnw -o -B -q -pl server -am package -DskipTests) >>"$RUN_LOG" 2>&1 || die "server build (see $RUN_LOG)"
  fi
  mkdir -p "$RZ_DIR/target"
  JAR=$RZ_DIR/target/server-$SCENARIO.jar
  cp "$JAR_SRC" "$JAR"
  echo "jar=$JAR_SRC $(stat -c "%s bytes, %y" "$JAR_SRC" | cut -d. -f1)" >> "$RAW/env.txt" 2>/dev/null || true
  # Secrets the prod profile requires (as .ci/smoke-prod.sh makes them): one set per run, shared by the instances.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RAW/signing-key.pem" 2>/dev/null
  chmod 600 "$RAW/signing-key.pem"
  PAY_SECRET="whsec_$(openssl rand -hex 24)"
  WH_KEY="$(openssl rand -base64 32)"
}

new_db() { # new_db NAME: a fresh database, dropped on exit
  dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$1" 2>/dev/null || true
  createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$1" || die "createdb $1"
  DBS+=("$1")
}

sql() { # sql DB QUERY: unaligned, tuples only
  psql -X -q -A -t -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$1" -c "$2"
}

# start_server NAME DB_PORT DB [args...]: the exec jar in the prod profile; waits until it is ready and sets
# SERVER_PID and SERVER_PORT. A restart keeps the instance's port. launch_server + await_server NAME start several
# at once (a start takes minutes on a busy 2-CPU machine).
start_server() {
  launch_server "$@"
  await_server "$1"
}

launch_server() {
  local name=$1 dbport=$2 db=$3; shift 3
  local portfile=$RAW/$name.port port=${RZ_PORT[$name]:-0}
  rm -f "$portfile"
  SPRING_PROFILES_ACTIVE=prod \
  SPRING_DATASOURCE_URL="jdbc:postgresql://$PG_HOST:$dbport/$db" \
  SPRING_DATASOURCE_USERNAME="$PG_USER" SPRING_DATASOURCE_PASSWORD="" \
  MARKETPLACE_AUTH_SIGNING_KEY="$(cat "$RAW/signing-key.pem")" \
  MARKETPLACE_AUTH_ISSUER="http://127.0.0.1" \
  MARKETPLACE_PAYMENTS_WEBHOOK_SECRET="$PAY_SECRET" \
  MARKETPLACE_WEBHOOKS_SECRET_KEY="$WH_KEY" \
    "$JAVA" -Xmx"$XMX" -jar "$JAR" --server.port="$port" --marketplace.port-file="$portfile" \
      --spring.datasource.hikari.maximum-pool-size="$POOL_SIZE" --spring.datasource.hikari.minimum-idle=1 \
      --marketplace.images.dir="$RAW/images-$name" "$@" >>"$RAW/$name.log" 2>&1 &
  RZ_PID[$name]=$!
  RZ_DBINFO[$name]="db $db via port $dbport"
  PIDS+=("${RZ_PID[$name]}")
}

await_server() { # await_server NAME: until ready; sets SERVER_PID, SERVER_PORT
  local name=$1 portfile=$RAW/$1.port pid=${RZ_PID[$1]} i
  for i in $(seq $((${RZ_START_TIMEOUT:-600} * 4))); do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$RAW/$name.log" >&2; die "server $name exited during start"; }
    if [[ -s $portfile ]] && curl -fs -m 5 "http://127.0.0.1:$(cat "$portfile")/actuator/health/readiness" 2>/dev/null | grep -q UP; then
      SERVER_PID=$pid
      SERVER_PORT=$(cat "$portfile")
      RZ_PORT[$name]=$SERVER_PORT
      log "server $name up: pid $pid port $SERVER_PORT (${RZ_DBINFO[$name]}) after $((i / 4)) s"
      return 0
    fi
    sleep 0.25
  done
  die "server $name not ready in ${RZ_START_TIMEOUT:-600} s"
}
declare -gA RZ_PORT=() RZ_PID=() RZ_DBINFO=()

start_proxy() { # start_proxy NAME TARGET [mode]: sets PROXY_PID, PROXY_PORT
  local name=$1
  rm -f "$RAW/$name.port"
  $PY "$RZ_DIR/tcpproxy.py" --target "$2" --port-file "$RAW/$name.port" --log "$RAW/$name-events.csv" --mode "${3:-refuse}" \
    2>>"$RAW/$name.err" &
  PROXY_PID=$!
  PIDS+=("$PROXY_PID")
  local i
  for i in $(seq 600); do [[ -s $RAW/$name.port ]] && break; sleep 0.1; done
  PROXY_PORT=$(cat "$RAW/$name.port") || die "proxy $name did not start"
  log "tcp proxy $name: 127.0.0.1:$PROXY_PORT -> $2 (pid $PROXY_PID)"
}

start_hooks() { # webhook receiver: sets HOOKS_PID, HOOKS_PORT
  rm -f "$RAW/hooks.port"
  $PY "$RZ_DIR/rz.py" hooks --out "$RAW/hooks.csv" --port-file "$RAW/hooks.port" 2>>"$RAW/hooks.err" &
  HOOKS_PID=$!
  PIDS+=("$HOOKS_PID")
  local i
  for i in $(seq 600); do [[ -s $RAW/hooks.port ]] && break; sleep 0.1; done
  HOOKS_PORT=$(cat "$RAW/hooks.port") || die "webhook receiver did not start"
  log "webhook receiver on 127.0.0.1:$HOOKS_PORT"
}

# sample_rss PID FILE: t,rss_kb,cpu_ticks,threads once a second until PID exits (a background sampler)
start_sampler() {
  local pid=$1 file=$2
  (
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
      thr=$(awk '/Threads/ {print $2}' "/proc/$pid/status" 2>/dev/null)
      ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null)
      la=$(cut -d' ' -f1 /proc/loadavg)
      echo "$(date +%s.%N | cut -c1-14),${rss:-0},${ticks:-0},${thr:-0},$la"
      sleep 1
    done
  ) >> "$file" &
  PIDS+=($!)
}

# account BASE EMAIL [ROLE]: signs up, prints an access token
account() { $PY "$RZ_DIR/rz.py" account --base "$1" --email "$2" --role "${3:-seller}"; }

# make_partner DB EMAIL: partners may register webhook endpoints; sign-up only offers buyer and seller
make_partner() { sql "$1" "UPDATE users SET role = 'partner' WHERE email = '$2'" >/dev/null; }
