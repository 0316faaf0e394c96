#!/usr/bin/env bash
# The benchmark suite: one command, options by environment (see bench/README.md).
#
#   bench/run.sh                 # full run (~20 min): 100k rows, 3 min warm-up, 20 s per point, 1M-row list check
#   BENCH_QUICK=1 bench/run.sh   # smoke run (~6 min): 10k rows, short warm-up and points
#
# Writes bench/results/<date>/report.md (+ SVG plots, raw/ with every tool's output).
# Everything it starts (servers, nginx, uvicorn, samplers) is stopped by PID on exit.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
CPUS=$(nproc)

# ---------------------------------------------------------------- options
QUICK=${BENCH_QUICK:-0}
if [[ $QUICK == 1 ]]; then
  d_rows=10000 d_duration=5 d_warmup=15 d_peer_warmup=2 d_big=100000 d_oom=0 d_suffix=-quick
else
  d_rows=100000 d_duration=20 d_warmup=180 d_peer_warmup=5 d_big=1000000 d_oom=1 d_suffix=
fi
ROWS=${BENCH_ROWS:-$d_rows}                       # seeded items for the main scenarios (up to 1,000,000)
DURATION=${BENCH_DURATION:-$d_duration}           # seconds per measured point
WARMUP=${BENCH_WARMUP:-$d_warmup}                 # seconds of JVM warm-up in total (split over get/list/create)
CONNECTIONS=${BENCH_CONNECTIONS:-"16 64 256"}     # connection counts per scenario
CEILING_CONNECTIONS=${BENCH_CEILING_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}                       # wrk / pgbench threads
LIST_SMALL_ROWS=${BENCH_LIST_SMALL_ROWS:-10000}
LIST_BIG_ROWS=${BENCH_LIST_BIG_ROWS:-$d_big}      # 0 skips the big half of the list-scaling scenario
PEER=${BENCH_PEER:-1}                             # 0 skips the FastAPI peer
PEER_WORKERS=${BENCH_PEER_WORKERS:-"$((2 * CPUS + 1)) 2"}
PEER_POOL_SIZE=${BENCH_PEER_POOL_SIZE:-10}        # asyncpg pool per uvicorn worker
PEER_WARMUP=${BENCH_PEER_WARMUP:-$d_peer_warmup}  # seconds per scenario before measuring the peer
CEILINGS=${BENCH_CEILINGS:-1}                     # 0 skips pgbench / nginx ceilings
SLOW=${BENCH_SLOW:-1}                             # 0 skips the 5,000 slow requests scenario
SLOW_REQUESTS=${BENCH_SLOW_REQUESTS:-5000}
SLOW_MS=${BENCH_SLOW_MS:-200}
SLOW_XMX=${BENCH_SLOW_XMX:-768m}
SLOW_OOM_CHECK=${BENCH_SLOW_OOM_CHECK:-$d_oom}    # also try the slow scenario at BENCH_XMX
XMX=${BENCH_XMX:-256m}
POOL_SIZE=${BENCH_POOL_SIZE:-10}                  # HikariCP maximum-pool-size of the Java server
JFR=${BENCH_JFR:-1}                               # record a JFR profile of each Java scenario
REBUILD=${BENCH_REBUILD:-auto}                    # auto | 1 (always) | 0 (never)
DB=${BENCH_DB:-bench}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
OUT=${BENCH_OUT:-$BENCH_DIR/results/$(date -u +%Y-%m-%d)$d_suffix}
RAW=$OUT/raw

mkdir -p "$RAW" "$RAW/jfr" "$RAW/wrk" "$BENCH_DIR/target"
: > "$RAW/results.jsonl"
RUN_LOG=$RAW/run.log
: > "$RUN_LOG"
log() { echo "[bench $(date -u +%H:%M:%S)] $*" | tee -a "$RUN_LOG" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------- cleanup: by PID only
PIDS=()
stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  log "PID $pid did not stop in 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
  [[ $rc == 0 ]] || log "exit code $rc; partial results in $OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v gnuplot >/dev/null || need_pkgs+=(gnuplot-nox)
command -v jq >/dev/null || need_pkgs+=(jq)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v psql >/dev/null || need_pkgs+=(postgresql-client)
command -v pgbench >/dev/null || need_pkgs+=(postgresql-contrib)
[[ -x /usr/sbin/nginx ]] || need_pkgs+=(nginx-light)
/usr/bin/python3 -c 'import fastapi, uvicorn, asyncpg' 2>/dev/null \
  || need_pkgs+=(python3-fastapi python3-uvicorn python3-asyncpg python3-uvloop python3-httptools)
if ((${#need_pkgs[@]})); then
  log "installing ${need_pkgs[*]} (apt-get)"
  if [[ $(id -u) == 0 ]]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq >>"$RUN_LOG" 2>&1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >>"$RUN_LOG" 2>&1 \
    || die "apt-get install ${need_pkgs[*]} (see $RUN_LOG)"
fi
PY=/usr/bin/python3   # Debian's python3: the one the python3-* packages install into

if [[ -z ${JAVA_HOME:-} || ! -x ${JAVA_HOME}/bin/jcmd ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA_HOME=
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [[ -x $j/bin/jcmd ]] && "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then JAVA_HOME=$j; break; fi
  done
  [[ -n $JAVA_HOME ]] || die "no JDK 21+ found (set JAVA_HOME)"
fi
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java

# 5,000 connections need as many file descriptors in the client and in the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(( $(ulimit -n) >= SLOW_REQUESTS + 200 )) || log "warning: ulimit -n $(ulimit -n) is below $SLOW_REQUESTS connections"

log "output: $OUT (quick=$QUICK rows=$ROWS duration=${DURATION}s warmup=${WARMUP}s connections='$CONNECTIONS')"
{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git_commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "git_dirty=$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -c . || true)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "cpus=$CPUS"
  echo "mem_total_mb=$(($(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024))"
  echo "kernel=$(uname -r)"
  echo "java=$("$JAVA" -version 2>&1 | head -1)"
  echo "wrk=$(wrk -v 2>&1 | head -1 | cut -c1-60)"
  echo "python=$($PY --version 2>&1)"
  echo "fastapi=$($PY -c 'import fastapi, uvicorn, asyncpg, pydantic; print(fastapi.__version__, "uvicorn", uvicorn.__version__, "asyncpg", asyncpg.__version__, "pydantic", pydantic.VERSION)' 2>/dev/null)"
  echo "nginx=$(/usr/sbin/nginx -v 2>&1)"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "options=quick=$QUICK rows=$ROWS duration=$DURATION warmup=$WARMUP connections=$CONNECTIONS ceiling_connections=$CEILING_CONNECTIONS threads=$THREADS list_small=$LIST_SMALL_ROWS list_big=$LIST_BIG_ROWS peer_workers=$PEER_WORKERS peer_pool=$PEER_POOL_SIZE slow=$SLOW_REQUESTS/${SLOW_MS}ms slow_xmx=$SLOW_XMX xmx=$XMX pool=$POOL_SIZE jfr=$JFR"
} > "$RAW/env.txt"
ps -eo pid,pcpu,rss,etime,comm --sort=-pcpu | head -8 > "$RAW/ps-start.txt"

# ---------------------------------------------------------------- server jar
# Default: the work tree's server (rebuilt when its sources are newer than the jar). BENCH_SERVER_REF=<git ref>
# builds that commit instead, from a clean export under bench/target/ (plus the bench-only SlowController
# from the work tree when the commit lacks it): a consistent server while the work tree is being edited.
JAR=$BENCH_DIR/target/server.jar
SLOW_SRC=server/src/main/java/dev/marketplace/bench/SlowController.java
if [[ -n ${BENCH_SERVER_REF:-} ]]; then
  sha=$(git -C "$ROOT" rev-parse --short "$BENCH_SERVER_REF^{commit}") || die "unknown git ref $BENCH_SERVER_REF"
  SRC=$BENCH_DIR/target/src-$sha
  SRC_JAR=$SRC/server/target/server-2.0.0-SNAPSHOT-exec.jar
  if [[ ! -f $SRC_JAR || $REBUILD == 1 ]]; then
    log "building the server of commit $sha in $SRC (clean export; mvnw -o -pl server -am package -DskipTests)"
    rm -rf "$SRC"; mkdir -p "$SRC"
    git -C "$ROOT" archive "$sha" | tar -x -C "$SRC"
    [[ -f $SRC/$SLOW_SRC ]] || { mkdir -p "$(dirname "$SRC/$SLOW_SRC")"; cp "$ROOT/$SLOW_SRC" "$SRC/$SLOW_SRC"; }
    (cd "$SRC" && ./mvnw -B -q -o -pl server -am package -DskipTests) >"$RAW/build.log" 2>&1 || die "server build (see $RAW/build.log)"
    rebuild=1
  else
    rebuild=0
  fi
  echo "server_source=git $sha$(git -C "$ROOT" cat-file -e "$sha:$SLOW_SRC" 2>/dev/null || echo ' + SlowController from the work tree')" >> "$RAW/env.txt"
else
  SRC_JAR=$ROOT/server/target/server-2.0.0-SNAPSHOT-exec.jar
  rebuild=0
  if [[ $REBUILD == 1 || ! -f $SRC_JAR ]]; then
    rebuild=1
  elif [[ $REBUILD == auto ]]; then
    if ! unzip -l "$SRC_JAR" 2>/dev/null | grep -q 'dev/marketplace/bench/SlowController.class'; then rebuild=1
    elif [[ -n $(find "$ROOT/server/src/main" "$ROOT/server/pom.xml" "$ROOT/api-spec" -newer "$SRC_JAR" -type f -not -path '*/node_modules/*' -not -path '*/target/*' 2>/dev/null | head -1) ]]; then rebuild=1
    fi
  fi
  if [[ $rebuild == 1 ]]; then
    log "building the server jar (mvnw -o -pl server -am package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q -o -pl server -am package -DskipTests) >"$RAW/build.log" 2>&1 || die "server build (see $RAW/build.log)"
  fi
  echo "server_source=work tree ($(git -C "$ROOT" status --porcelain -- server api-spec 2>/dev/null | grep -c . || true) changed files under server/ and api-spec/ vs $(git -C "$ROOT" rev-parse --short HEAD))" >> "$RAW/env.txt"
fi
cp "$SRC_JAR" "$JAR.tmp" && mv "$JAR.tmp" "$JAR"   # private copy: others may rebuild the original meanwhile
echo "jar=$(stat -c '%y' "$SRC_JAR" | cut -d. -f1) rebuilt=$rebuild" >> "$RAW/env.txt"

# ---------------------------------------------------------------- PostgreSQL
export PGHOST=$PG_HOST PGPORT=$PG_PORT PGUSER=$PG_USER PGCONNECT_TIMEOUT=5
DB_MODE=machine
if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  # No PostgreSQL on the machine: borrow the server's embedded one (zonky) from a JVM kept up for the
  # whole run, and point everything else (the measured servers, the peer, pgbench) at it.
  DB_MODE=embedded
  log "no PostgreSQL at $PG_HOST:$PG_PORT; starting the server's embedded PostgreSQL"
  "$JAVA" -Xmx128m -jar "$JAR" --server.port=0 --marketplace.port-file="$RAW/dbhost.port" >"$RAW/dbhost.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 120); do grep -q 'Using embedded PostgreSQL at' "$RAW/dbhost.log" && break; sleep 1; done
  PG_PORT=$(sed -n 's/.*Using embedded PostgreSQL at jdbc:postgresql:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$RAW/dbhost.log" | head -1)
  [[ -n $PG_PORT ]] || die "embedded PostgreSQL did not start (see $RAW/dbhost.log)"
  PG_HOST=127.0.0.1; export PGHOST=$PG_HOST PGPORT=$PG_PORT
fi
echo "db_mode=$DB_MODE" >> "$RAW/env.txt"
echo "postgres=$(psql -d postgres -tAc 'select version()' | cut -d' ' -f1-2) max_connections=$(psql -d postgres -tAc 'show max_connections') shared_buffers=$(psql -d postgres -tAc 'show shared_buffers') fsync=$(psql -d postgres -tAc 'show fsync') synchronous_commit=$(psql -d postgres -tAc 'show synchronous_commit')" >> "$RAW/env.txt"
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >>"$RUN_LOG" 2>&1 || die "cannot (re)create database $DB"
JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"
PEER_DSN="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DB"

seed() { # rows
  local t0=$SECONDS
  psql -d "$DB" -q -v rows="$1" -v seed=0.42 -f "$BENCH_DIR/sql/seed.sql" >>"$RUN_LOG" 2>&1 || die "seeding $1 rows"
  log "seeded $1 items in $((SECONDS - t0)) s"
  echo "seed_${1}_s=$((SECONDS - t0))" >> "$RAW/env.txt"
}
export_keys() { # ids.txt (random ids) and keys.txt (created_at|id) for the Lua scripts: 20,000 rows in a fixed order
  psql -d "$DB" -tAc "SELECT id FROM items ORDER BY md5(id::text) LIMIT 20000" > "$RAW/ids.txt"
  psql -d "$DB" -tAc "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || '|' || id FROM items ORDER BY md5(id::text) LIMIT 20000" > "$RAW/keys.txt"
}

# ---------------------------------------------------------------- measuring helpers
tree_pids() { local p=$1 c; echo "$p"; for c in $(pgrep -P "$p" 2>/dev/null); do tree_pids "$c"; done; }
cpu_ticks() { local t=0 p f; for p in $(tree_pids "$1"); do
    f=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue; set -- $f; t=$((t + ${12} + ${13})); done; echo "$t"; }
rss_kb() { local t=0 p v; for p in $(tree_pids "$1"); do
    v=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null) || continue; t=$((t + ${v:-0})); done; echo "$t"; }
db_conns() { psql -d postgres -tAF' ' -c "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity WHERE datname = '$DB' AND backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null || echo "0 0"; }
sampler() { # pid file: one "rss_kb db_total db_active" line a second
  while kill -0 "$1" 2>/dev/null; do echo "$(rss_kb "$1") $(db_conns)" >> "$2"; sleep 1; done
}
CLK_TCK=$(getconf CLK_TCK)

# measure TARGET SCENARIO CONNS PID LUA URL [PREFIX]: one wrk point + server CPU/RSS/DB samples -> results.jsonl
measure() {
  local target=$1 scenario=$2 conns=$3 pid=$4 lua=$5 url=$6 prefix=${7:-/api/v2/items}
  local name="$target-$scenario-c$conns" samples="$RAW/wrk/$target-$scenario-c$conns.samples" spid t0 t1 json
  : > "$samples"
  sampler "$pid" "$samples" & spid=$!; PIDS+=($spid)
  t0=$(cpu_ticks "$pid")
  BENCH_LUA_DIR=$BENCH_DIR/lua BENCH_PREFIX=$prefix BENCH_IDS_FILE=$RAW/ids.txt BENCH_KEYS_FILE=$RAW/keys.txt \
    wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --timeout 5s -s "$BENCH_DIR/lua/$lua" "$url" > "$RAW/wrk/$name.txt" 2>&1 || true
  t1=$(cpu_ticks "$pid")
  kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
  json=$(sed -n 's/^BENCHJSON //p' "$RAW/wrk/$name.txt")
  [[ -n $json ]] || { log "wrk gave no result for $name (see $RAW/wrk/$name.txt)"; json='{"requests":0,"duration_us":1}'; }
  echo "$json" | jq -c --arg target "$target" --arg scenario "$scenario" --argjson conns "$conns" \
      --argjson cpu "$(( (t1 - t0) ))" --argjson tck "$CLK_TCK" \
      --argjson rss "$(awk 'BEGIN{m=0} $1>m{m=$1} END{print m}' "$samples")" \
      --argjson dbt "$(awk 'BEGIN{m=0} $2>m{m=$2} END{print m}' "$samples")" \
      --argjson dba "$(awk 'BEGIN{m=0} $3>m{m=$3} END{print m}' "$samples")" \
      --arg non2xx "$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$RAW/wrk/$name.txt")" \
    '. + {kind: "wrk", target: $target, scenario: $scenario, conns: $conns,
          rps: (.requests / (.duration_us / 1e6)),
          errors: ((.err_connect // 0) + (.err_read // 0) + (.err_write // 0) + (.err_timeout // 0) + (.err_status // 0)),
          non2xx: ($non2xx | if . == "" then 0 else tonumber end),
          cpu_pct: ($cpu / $tck / (.duration_us / 1e6) * 100), rss_mb: ($rss / 1024),
          db_conns: $dbt, db_active: $dba}' >> "$RAW/results.jsonl"
  log "$(tail -1 "$RAW/results.jsonl" | jq -r '"\(.target) \(.scenario) c=\(.conns): \(.rps|floor) req/s p50 \(.p50_us/1000) ms p99 \(.p99_us/1000) ms errors \(.errors) rss \(.rss_mb|floor) MB cpu \(.cpu_pct|floor)% db \(.db_conns)"')"
}
warm() { # PID LUA URL SECONDS [PREFIX]
  BENCH_LUA_DIR=$BENCH_DIR/lua BENCH_PREFIX=${5:-/api/v2/items} BENCH_IDS_FILE=$RAW/ids.txt BENCH_KEYS_FILE=$RAW/keys.txt \
    wrk -t"$THREADS" -c64 -d"${4}s" --timeout 5s -s "$BENCH_DIR/lua/$2" "$3" >> "$RAW/wrk/warmup.txt" 2>&1 || true
}

# ---------------------------------------------------------------- Java server
# Rate limiting (marketplace.rate-limit, from commit 1b2e1a9 on: 300 anonymous requests a minute per IP) is turned
# off: all load comes from 127.0.0.1, and the suite measures capacity, not the limiter. Older commits ignore the flag.
SERVER_PID= SERVER_PORT=
start_server() { # NAME XMX VIRTUAL(true|false)
  local name=$1 port_file=$RAW/$1.port
  rm -f "$port_file"
  SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=$PG_USER SPRING_DATASOURCE_PASSWORD= \
  SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=$POOL_SIZE \
    "$JAVA" -Xmx"$2" -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -Xlog:gc:file="$RAW/$name-gc.log" \
    -jar "$JAR" --server.port=0 --marketplace.port-file="$port_file" --spring.profiles.active=bench \
    --spring.threads.virtual.enabled="$3" --marketplace.rate-limit.enabled=false >"$RAW/$name.log" 2>&1 &
  SERVER_PID=$!; PIDS+=($SERVER_PID)
  for _ in $(seq 180); do
    [[ -s $port_file ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "server $name exited (see $RAW/$name.log)"
    sleep 1
  done
  [[ -s $port_file ]] || die "server $name did not start in 180 s"
  SERVER_PORT=$(cat "$port_file")
  log "server $name up: PID $SERVER_PID port $SERVER_PORT (-Xmx$2, virtual threads $3)"
}
jfr_start() { if [[ $JFR == 1 ]]; then "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name="$1" settings=profile >>"$RUN_LOG" 2>&1 || true; fi; }
jfr_stop() {
  [[ $JFR == 1 ]] || return 0
  "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name="$1" filename="$RAW/jfr/$1.jfr" >>"$RUN_LOG" 2>&1 || return 0
  "$JAVA_HOME/bin/jfr" view --width 180 hot-methods "$RAW/jfr/$1.jfr" > "$RAW/jfr/$1.hot-methods.txt" 2>&1 || true
  "$JAVA_HOME/bin/jfr" view --width 180 allocation-by-class "$RAW/jfr/$1.jfr" > "$RAW/jfr/$1.allocation-by-class.txt" 2>&1 || true
  "$JAVA_HOME/bin/jfr" view --width 180 gc "$RAW/jfr/$1.jfr" > "$RAW/jfr/$1.gc.txt" 2>&1 || true
}

# ================================================================ 1. Java: get / list / create
start_server java "$XMX" true
seed "$ROWS"
export_keys
BASE="http://127.0.0.1:$SERVER_PORT"
curl -sf "$BASE/api/v2/items/$(head -1 "$RAW/ids.txt")" > "$RAW/item.json" || die "GET one item failed"
curl -sf "$BASE/api/v2/items?limit=20&status=active" > "$RAW/list.json" || die "GET list failed"
# Create: unauthenticated if the API allows it, else as a seller signed up for the bench (OAuth2 password grant).
BENCH_AUTH_TOKEN=; AUTH_MODE=none
probe_create() { curl -s -o "$RAW/create.json" -w '%{http_code}' -XPOST -H 'Content-Type: application/json' \
  ${BENCH_AUTH_TOKEN:+-H "Authorization: Bearer $BENCH_AUTH_TOKEN"} \
  -d '{"name":"bench probe","price":"49.90","currency":"EUR","status":"active"}' "$BASE/api/v2/items"; }
fresh_token() { # access tokens live 15 minutes: take a new one before each create phase
  [[ $AUTH_MODE == bearer ]] || return 0
  BENCH_AUTH_TOKEN=$(curl -sf "$BASE/api/v2/auth/token" -d grant_type=password -d username=seller@bench.invalid \
    --data-urlencode 'password=bench-password-not-secret' | jq -r .access_token) || die "no access token"
  export BENCH_AUTH_TOKEN
}
code=$(probe_create)
if [[ $code == 401 ]]; then
  AUTH_MODE=bearer
  curl -s -o "$RAW/signup.json" -XPOST -H 'Content-Type: application/json' "$BASE/api/v2/users" \
    -d '{"email":"seller@bench.invalid","password":"bench-password-not-secret","display_name":"Bench seller","role":"seller"}' || true
  fresh_token
  code=$(probe_create)
fi
[[ $code == 201 ]] || die "POST /api/v2/items answered $code: $(head -c 300 "$RAW/create.json")"
echo "create_auth=$AUTH_MODE" >> "$RAW/env.txt"
log "create runs with authentication: $AUTH_MODE"

per=$((WARMUP / 3)); ((per >= 1)) || per=1
log "JVM warm-up: ${per} s each of get, list, create at 64 connections"
warm "$SERVER_PID" get_item.lua "$BASE/api/v2/items" "$per"
warm "$SERVER_PID" list_first.lua "$BASE/api/v2/items" "$per"
fresh_token
warm "$SERVER_PID" create_item.lua "$BASE/api/v2/items" "$per"

for sc in get:get_item.lua list:list_first.lua create:create_item.lua; do
  [[ ${sc%%:*} == create ]] && fresh_token
  jfr_start "java-${sc%%:*}"
  for c in $CONNECTIONS; do measure java "${sc%%:*}" "$c" "$SERVER_PID" "${sc#*:}" "$BASE/api/v2/items"; done
  jfr_stop "java-${sc%%:*}"
done

# ================================================================ 2. Java: list latency at small vs big tables
for rows in $LIST_SMALL_ROWS $LIST_BIG_ROWS; do
  ((rows > 0)) || continue
  seed "$rows"
  export_keys
  # list_deep.lua forges cursors in the server's format (base64url of "-created_at\n<instant>\n<id>", see
  # ItemCursor); check one before measuring, so a format change shows up as a skipped point, not as errors.
  key=$(head -1 "$RAW/keys.txt")
  cursor=$(printf -- '-created_at\n%s\n%s' "${key%%|*}" "${key#*|}" | base64 -w0 | tr '+/' '-_' | tr -d '=')
  deep_ok=1
  curl -sf "$BASE/api/v2/items?limit=20&status=active&cursor=$cursor" >/dev/null || { deep_ok=0; log "forged cursor refused: cursor format changed? skipping list-deep (update lua/list_deep.lua)"; }
  warm "$SERVER_PID" list_first.lua "$BASE/api/v2/items" 5
  measure java "list-first-${rows}" 64 "$SERVER_PID" list_first.lua "$BASE/api/v2/items"
  [[ $deep_ok == 1 ]] || continue
  warm "$SERVER_PID" list_deep.lua "$BASE/api/v2/items" 5
  jfr_start "java-list-deep-$rows"
  measure java "list-deep-${rows}" 64 "$SERVER_PID" list_deep.lua "$BASE/api/v2/items"
  jfr_stop "java-list-deep-$rows"
  psql -d "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM items WHERE status = 'active' AND (created_at < '$(sed -n 5000p "$RAW/keys.txt" | cut -d'|' -f1)' OR (created_at = '$(sed -n 5000p "$RAW/keys.txt" | cut -d'|' -f1)' AND id < '$(sed -n 5000p "$RAW/keys.txt" | cut -d'|' -f2)')) ORDER BY created_at DESC, id DESC LIMIT 21" > "$RAW/explain-list-deep-$rows.txt" 2>&1 || true
done
stop_pid "$SERVER_PID"

# Back to the main data set for the peer and the ceilings.
if [[ $PEER == 1 || $CEILINGS == 1 ]]; then seed "$ROWS"; export_keys; fi

# ================================================================ 3. FastAPI peer
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
if [[ $PEER == 1 ]]; then
  BENCH_AUTH_TOKEN=   # the peer has no authentication
  for w in $PEER_WORKERS; do
    port=$(free_port)
    PEER_DSN=$PEER_DSN PEER_POOL_SIZE=$PEER_POOL_SIZE \
      $PY -m uvicorn app:app --app-dir "$BENCH_DIR/fastapi_peer" --host 127.0.0.1 --port "$port" \
      --workers "$w" --no-access-log --log-level warning >"$RAW/fastapi-w$w.log" 2>&1 &
    ppid=$!; PIDS+=($ppid)
    for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/items?limit=1" >/dev/null 2>&1 && break; sleep 1; done
    curl -sf "http://127.0.0.1:$port/items/$(head -1 "$RAW/ids.txt")" > "$RAW/fastapi-item.json" || die "FastAPI peer ($w workers) not answering (see $RAW/fastapi-w$w.log)"
    log "FastAPI peer up: $w workers, PID $ppid port $port"
    for sc in get:get_item.lua list:list_first.lua create:create_item.lua; do
      warm "$ppid" "${sc#*:}" "http://127.0.0.1:$port/items" "$PEER_WARMUP" /items
      for c in $CONNECTIONS; do measure "fastapi-w$w" "${sc%%:*}" "$c" "$ppid" "${sc#*:}" "http://127.0.0.1:$port/items" /items; done
    done
    stop_pid "$ppid"
  done
fi

# ================================================================ 4. Ceilings: pgbench and a static file
pgbench_point() { # NAME CONNS ARGS... -> results.jsonl
  local name=$1 c=$2; shift 2
  pgbench -n -M prepared -c "$c" -j "$THREADS" -T "$DURATION" "$@" > "$RAW/pgbench-$name-c$c.txt" 2>&1 || true
  jq -nc --arg name "$name" --argjson conns "$c" \
    --arg tps "$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$RAW/pgbench-$name-c$c.txt")" \
    --arg lat "$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$RAW/pgbench-$name-c$c.txt")" \
    --arg failed "$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$RAW/pgbench-$name-c$c.txt")" \
    '{kind: "pgbench", scenario: $name, conns: $conns, tps: ($tps | if . == "" then 0 else tonumber end),
      latency_avg_ms: ($lat | if . == "" then null else tonumber end), failed: ($failed | if . == "" then null else tonumber end)}' >> "$RAW/results.jsonl"
  log "pgbench $name c=$c: $(tail -1 "$RAW/results.jsonl" | jq -r '.tps|floor') tps"
}
if [[ $CEILINGS == 1 ]]; then
  psql -d postgres -qc "DROP DATABASE IF EXISTS ${DB}_pgbench WITH (FORCE)" -c "CREATE DATABASE ${DB}_pgbench" >>"$RUN_LOG" 2>&1
  pgbench -i -q -s 10 "${DB}_pgbench" >>"$RUN_LOG" 2>&1 || die "pgbench -i"
  for c in $CEILING_CONNECTIONS; do
    pgbench_point select-only "$c" -S "${DB}_pgbench"
    pgbench_point select-item "$c" -f "$BENCH_DIR/sql/pgbench_select_item.sql" -D rows="$ROWS" "$DB"
    pgbench_point insert-item "$c" -f "$BENCH_DIR/sql/pgbench_insert_item.sql" "$DB"
  done
  psql -d postgres -qc "DROP DATABASE IF EXISTS ${DB}_pgbench WITH (FORCE)" >>"$RUN_LOG" 2>&1 || true

  # Static file of the same size as one GET item response, served by nginx on a loopback port.
  NG=$RAW/nginx; mkdir -p "$NG/html" "$NG/logs" "$NG/tmp"
  cp "$RAW/item.json" "$NG/html/item.json"
  chmod -R a+rX "$NG"
  port=$(free_port)
  cat > "$NG/nginx.conf" <<EOF
worker_processes $CPUS;
pid $NG/nginx.pid;
error_log $NG/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $NG/tmp/body; proxy_temp_path $NG/tmp/proxy; fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi; scgi_temp_path $NG/tmp/scgi;
  default_type application/json;
  server { listen 127.0.0.1:$port; root $NG/html; }
}
EOF
  /usr/sbin/nginx -p "$NG" -c "$NG/nginx.conf" -g 'daemon off;' >"$NG/logs/stdout.log" 2>&1 &
  npid=$!; PIDS+=($npid)
  for _ in $(seq 20); do curl -sf "http://127.0.0.1:$port/item.json" >/dev/null 2>&1 && break; sleep 0.5; done
  for c in $CEILING_CONNECTIONS; do measure nginx static "$c" "$npid" static.lua "http://127.0.0.1:$port/item.json"; done
  # The slow-requests client's own floor: the same burst of requests against nginx (no delay).
  if [[ $SLOW == 1 ]]; then
    "$PY" "$BENCH_DIR/slow_client.py" --port "$port" --pid "$npid" --requests "$SLOW_REQUESTS" --path /item.json > /dev/null 2>>"$RUN_LOG" || true
    "$PY" "$BENCH_DIR/slow_client.py" --port "$port" --pid "$npid" --requests "$SLOW_REQUESTS" --path /item.json 2>>"$RUN_LOG" \
      | jq -c '. + {kind: "slow-floor", name: "nginx"}' >> "$RAW/results.jsonl" || true
  fi
  stop_pid "$npid"
fi

# ================================================================ 5. 5,000 slow requests: virtual threads on vs off
slow_point() { # NAME XMX VIRTUAL TIMEOUT
  start_server "$1" "$2" "$3"
  "$PY" "$BENCH_DIR/slow_client.py" --port "$SERVER_PORT" --pid "$SERVER_PID" --requests "$SLOW_REQUESTS" --ms "$SLOW_MS" --timeout "$4" \
    > "$RAW/$1-round1.json" 2>>"$RUN_LOG" || true
  if [[ $(jq -r '.ok // 0' "$RAW/$1-round1.json" 2>/dev/null) == 0 ]]; then
    log "slow $1: no request of round 1 succeeded; not trying round 2"
    cp "$RAW/$1-round1.json" "$RAW/$1-round2.json"
  else
    "$PY" "$BENCH_DIR/slow_client.py" --port "$SERVER_PORT" --pid "$SERVER_PID" --requests "$SLOW_REQUESTS" --ms "$SLOW_MS" --timeout "$4" \
      > "$RAW/$1-round2.json" 2>>"$RUN_LOG" || true
  fi
  jq -c --arg name "$1" --arg xmx "$2" --arg vt "$3" \
     --argjson oom "$(grep -c OutOfMemoryError "$RAW/$1.log" || true)" \
     --slurpfile first "$RAW/$1-round1.json" \
     '. + {kind: "slow", name: $name, xmx: $xmx, virtual: ($vt == "true"), oom_lines: $oom,
           round1_completion_s: ($first[0].completion_s // null), round1_ok: ($first[0].ok // null),
           round1_rss_peak_mb: ($first[0].rss_peak_mb // null)}' "$RAW/$1-round2.json" >> "$RAW/results.jsonl" \
    || echo "{\"kind\":\"slow\",\"name\":\"$1\",\"xmx\":\"$2\",\"virtual\":$3,\"failed\":true}" >> "$RAW/results.jsonl"
  log "slow $1: $(tail -1 "$RAW/results.jsonl" | jq -r '"round1 \(.round1_completion_s) s, round2 \(.completion_s) s, ok \(.ok)/\(.requests), rss peak \(.rss_peak_mb) MB, threads \(.threads_peak)"')"
  stop_pid "$SERVER_PID"
}
if [[ $SLOW == 1 ]]; then
  slow_point slow-virtual "$SLOW_XMX" true 60
  slow_point slow-platform "$SLOW_XMX" false 60
  if [[ $SLOW_OOM_CHECK == 1 ]]; then slow_point "slow-virtual-xmx$XMX" "$XMX" true 30; fi
fi

# ================================================================ 6. report
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/env.txt"
ps -eo pid,pcpu,rss,etime,comm --sort=-pcpu | head -8 > "$RAW/ps-end.txt"
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >>"$RUN_LOG" 2>&1 || true
"$PY" "$BENCH_DIR/report.py" "$OUT" || die "report generation"
log "report: $OUT/report.md"
