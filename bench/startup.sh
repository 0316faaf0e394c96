#!/usr/bin/env bash
# Start-up benchmark: time from process start to "ready" (GET /actuator/health/readiness answers UP), the
# process RSS at that moment, and the jar's size, for the production artifact in the prod profile against
# an external PostgreSQL whose schema is already migrated.
#
#   bench/startup.sh JAR JDBC_URL RESULTS_JSONL RAW_DIR
#
#   JAR            the production jar (server/target/server-2.0.0-SNAPSHOT-exec.jar)
#   JDBC_URL       jdbc:postgresql://HOST:PORT/DB (user STARTUP_PG_USER, password STARTUP_PG_PASSWORD); a
#                  fresh database is migrated by an untimed first start
#   RESULTS_JSONL  one JSON line per variant is appended:
#                  {"kind":"startup","variant":"plain"|"aot","ready_ms":N (median),"runs":[…],
#                   "started_ms":N (median of Spring's "Started … in"),"cpu_ms":N (median CPU time, user +
#                   system, until ready),"main_cpu_ms":N (of it, the main thread's: the start-up's critical path on
#                   an idle machine),"jit_cpu_ms":N (of it, the C1/C2 compiler threads'),"rss_mb":Y (median at ready),"load":"1/5/15-min load average at the end",
#                   "jar_mb":X,"jvm_opts":"…", and for aot "aot_cache_mb","train_ms"}
#   RAW_DIR        logs of every run, the extracted jar and the AOT cache (RAW_DIR/startup/)
#
# Variants (the same JVM flags, STARTUP_JVM_OPTS, as the Dockerfile and the README recommend):
#   plain  java -jar JAR                          (the fat jar as built)
#   aot    the jar extracted (java -Djarmode=tools -jar JAR extract), with a Java 25 AOT cache trained exactly
#          as the Dockerfile trains it, by deploy/aot-train.sh: one run with -XX:AOTCacheOutput against the migrated
#          database (default profile, no secrets) that starts, answers a few requests and is stopped (the JVM writes
#          the cache as it exits); then every run with -XX:AOTCache.
#   spring-aot  (a jar built with -Pspring-aot, as the Dockerfile builds and runs it; README "Spring AOT") as aot, plus Spring AOT
#          (-Dspring.aot.enabled=true). The prod profile is frozen at build time, so its training run gets the prod
#          environment (secrets) as well.
#
# Environment: STARTUP_RUNS (default 7), STARTUP_VARIANTS ("plain aot", plus "spring-aot" for a -Pspring-aot jar), STARTUP_JVM_OPTS (default below),
# STARTUP_PG_USER (postgres), STARTUP_PG_PASSWORD (empty), JAVA (else $JAVA_HOME/bin/java), STARTUP_TIMEOUT (90 s),
# STARTUP_WARMUP (1; 0 skips the untimed first start when the database is known to be migrated).
# Needs curl, openssl, python3. Stops every process it starts.
set -euo pipefail

[[ $# -eq 4 ]] || { sed -n '2,30p' "$0" >&2; exit 2; }
JAR=$(realpath "$1"); JDBC_URL=$2; RESULTS=$3; RAW=$4/startup
RUNS=${STARTUP_RUNS:-7}
# Default: plain and aot, plus spring-aot (the Dockerfile's way) when the jar was built with -Pspring-aot.
if "$(dirname "$0")/../deploy/has-spring-aot.sh" "$JAR"; then
  VARIANTS=${STARTUP_VARIANTS:-plain aot spring-aot}
else
  VARIANTS=${STARTUP_VARIANTS:-plain aot}
fi
# Keep in sync with the Dockerfile (JAVA_OPTS) and the README's "Production and containers" section.
JVM_OPTS=${STARTUP_JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=96m -Xss512k -XX:MaxDirectMemorySize=64m -XX:FlightRecorderOptions=memorysize=1m -XX:+ExitOnOutOfMemoryError -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}   # as in the Dockerfile
TIMEOUT=${STARTUP_TIMEOUT:-90}
mkdir -p "$RAW"
[[ -f $JAR ]] || { echo "startup.sh: no jar at $JAR" >&2; exit 1; }

# run_once runs in a command substitution (a subshell): it records each server's PID in a file for the trap.
PIDFILE=$RAW/pids; : > "$PIDFILE"
cleanup() { while read -r p; do kill -KILL "$p" 2>/dev/null || true; done < "$PIDFILE"; }
trap cleanup EXIT
trap "exit 130" INT TERM

# prod refuses to start without these; they are generated per invocation and never logged.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$RAW/signing-key.pem" 2>/dev/null
export SPRING_PROFILES_ACTIVE=prod \
  SPRING_DATASOURCE_URL="$JDBC_URL" \
  SPRING_DATASOURCE_USERNAME="${STARTUP_PG_USER:-postgres}" \
  SPRING_DATASOURCE_PASSWORD="${STARTUP_PG_PASSWORD:-}" \
  MARKETPLACE_AUTH_SIGNING_KEY="$(cat "$RAW/signing-key.pem")" \
  MARKETPLACE_AUTH_ISSUER="http://127.0.0.1" \
  MARKETPLACE_PAYMENTS_WEBHOOK_SECRET="whsec_$(openssl rand -hex 24)" \
  MARKETPLACE_WEBHOOKS_SECRET_KEY="$(openssl rand -base64 32)"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { python3 -c 'import sys, statistics; v = [float(x) for x in sys.argv[1:]]; print(round(statistics.median(v)) if v else "null")' "$@"; }

# thread_cpu PID → "main_ms jit_ms": CPU time of the main thread (named "java", with the launcher's idle primordial
# thread) and of the JIT compiler threads, from /proc/PID/task/*/stat.
thread_cpu() {
  local main=0 jit=0 hz t stat name ticks
  hz=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    name=${stat#*(}; name=${name%%)*}
    ticks=$(awk '{print $12 + $13}' <<<"${stat##*) }")
    case $name in
      java) main=$(( main + ticks )) ;;
      C1\ CompilerThre*|C2\ CompilerThre*) jit=$(( jit + ticks )) ;;
    esac
  done
  echo "$(( main * 1000 / hz )) $(( jit * 1000 / hz ))"
}

# run_once NAME CWD JAVA_ARGS... → prints "ready_ms rss_mb started_ms cpu_ms main_cpu_ms jit_cpu_ms"; the server is
# stopped afterwards.
run_once() {
  local name=$1 cwd=$2; shift 2
  local log=$RAW/$name.log portfile=$RAW/$name.port t0 pid port="" ready="" rss started cpu threads
  rm -f "$portfile"
  t0=$(now_ms)
  (cd "$cwd" && exec "$JAVA" "$@" --server.port=0 --marketplace.port-file="$portfile") >"$log" 2>&1 &
  pid=$!; echo "$pid" >> "$PIDFILE"
  while (( $(now_ms) - t0 < TIMEOUT * 1000 )); do
    kill -0 "$pid" 2>/dev/null || { echo "startup.sh: $name exited during start (see $log)" >&2; return 1; }
    if [[ -z $port && -s $portfile ]]; then port=$(cat "$portfile"); fi
    if [[ -n $port ]] && curl -fsS -m 1 "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
      ready=$(( $(now_ms) - t0 )); break
    fi
    sleep 0.02
  done
  [[ -n $ready ]] || { echo "startup.sh: $name not ready within ${TIMEOUT}s (see $log)" >&2; kill -KILL "$pid"; return 1; }
  rss=$(awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status")
  # CPU time (user + system, all threads) spent until ready: steadier than wall time on a shared machine.
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
  threads=$(thread_cpu "$pid")
  kill -TERM "$pid"
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  started=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$log" | head -1 | awk '{printf "%d", $4 * 1000}')
  echo "$ready $rss ${started:-null} $cpu $threads"
}

jar_mb=$(python3 -c 'import os, sys; print(round(os.path.getsize(sys.argv[1]) / 1048576, 1))' "$JAR")

# Untimed first start: migrates a fresh database, warms the page cache (a longer timeout: migrations).
if [[ ${STARTUP_WARMUP:-1} == 1 ]]; then TIMEOUT=$(( TIMEOUT * 3 )) run_once warmup "$RAW" $JVM_OPTS -jar "$JAR" >/dev/null; fi

measure() { # VARIANT CWD EXTRA_JSON JAVA_ARGS...
  local variant=$1 cwd=$2 extra=$3; shift 3
  local readies=() rsses=() starts=() cpus=() mains=() jits=() r s st c m j line
  for i in $(seq "$RUNS"); do
    line=$(run_once "$variant-$i" "$cwd" "$@") || exit 1
    read -r r s st c m j <<<"$line"
    readies+=("$r"); rsses+=("$s"); cpus+=("$c"); mains+=("$m"); jits+=("$j"); [[ $st != null ]] && starts+=("$st")
    echo "startup.sh: $variant run $i: ready ${r} ms, CPU ${c} ms (main thread ${m}, JIT ${j}), RSS ${s} MB" >&2
  done
  printf '{"kind":"startup","variant":"%s","ready_ms":%s,"runs":[%s],"started_ms":%s,"cpu_ms":%s,"main_cpu_ms":%s,"jit_cpu_ms":%s,"rss_mb":%s,"jar_mb":%s,"load":"%s","jvm_opts":"%s"%s}\n' \
    "$variant" "$(median "${readies[@]}")" "$(IFS=,; echo "${readies[*]}")" "$(median "${starts[@]}")" "$(median "${cpus[@]}")" "$(median "${mains[@]}")" "$(median "${jits[@]}")" \
    "$(median "${rsses[@]}")" "$jar_mb" "$(cut -d' ' -f1-3 /proc/loadavg)" "$JVM_OPTS" "$extra" >> "$RESULTS"
  tail -1 "$RESULTS" >&2
}

for variant in $VARIANTS; do
  case $variant in
    plain)
      measure plain "$RAW" "" $JVM_OPTS -jar "$JAR" ;;
    aot|spring-aot)
      # The same steps as the Dockerfile: extract, train once (deploy/aot-train.sh), run with the cache.
      spring_aot=() train_env=(env -i PATH="$PATH" HOME="$HOME" MALLOC_ARENA_MAX="$MALLOC_ARENA_MAX")
      if [[ $variant == spring-aot ]]; then
        "$(dirname "$0")/../deploy/has-spring-aot.sh" "$JAR" \
          || { echo "startup.sh: $JAR has no Spring AOT classes (build it with -Pspring-aot)" >&2; exit 1; }
        spring_aot=(-Dspring.aot.enabled=true)
        train_env=(env)   # the prod profile is built in, and it needs the secrets exported above
      fi
      rm -rf "$RAW/app"
      "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$RAW/app" --application-filename app.jar >/dev/null
      t0=$(now_ms)
      # As in the Dockerfile: no profile, no secrets (env -i: nothing of the prod environment above), the migrated
      # database; the server starts, answers a few requests and stops, and the JVM writes app.aot.
      "${train_env[@]}" JAVA="$JAVA" SPRING_DATASOURCE_PASSWORD="${STARTUP_PG_PASSWORD:-}" \
        "$(dirname "$0")/../deploy/aot-train.sh" "$RAW/app" "$JDBC_URL" "${STARTUP_PG_USER:-postgres}" $JVM_OPTS "${spring_aot[@]}" \
        >"$RAW/$variant-train.log" 2>&1 \
        || { echo "startup.sh: the AOT training run failed (see $RAW/$variant-train.log and $RAW/app/train.log)" >&2; exit 1; }
      cp "$RAW/app/train.log" "$RAW/$variant-train-server.log"
      train_ms=$(( $(now_ms) - t0 ))
      aot_mb=$(python3 -c 'import os, sys; print(round(os.path.getsize(sys.argv[1]) / 1048576, 1))' "$RAW/app/app.aot")
      measure "$variant" "$RAW/app" ",\"aot_cache_mb\":$aot_mb,\"train_ms\":$train_ms" $JVM_OPTS -XX:AOTCache=app.aot "${spring_aot[@]}" -jar app.jar ;;
    *) echo "startup.sh: unknown variant $variant" >&2; exit 2 ;;
  esac
done
