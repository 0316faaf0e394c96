#!/usr/bin/env sh
# Java 25 AOT cache training run (README "Recommended JVM flags and start-up"): the Dockerfile and bench/startup.sh
# both train with this script, so that what the bench measures is what the image runs.
#
#   deploy/aot-train.sh APP_DIR JDBC_URL DB_USER [JAVA_OPTS...]
#
# APP_DIR holds the extracted jar (java -Djarmode=tools -jar server-…-exec.jar extract --application-filename app.jar);
# app.aot is written there. The database at JDBC_URL (password: SPRING_DATASOURCE_PASSWORD, else none) must be
# migrated already, as in production: the cache then holds what a production start loads (pgjdbc, Hikari, Flyway's
# validation, Hibernate with JDBC metadata, Tomcat's start, the first requests through the filter chain), not the
# migrations. The run:
#   1. starts the server with -XX:AOTCacheOutput=app.aot in the environment it is given (port 0): a plain jar needs
#      no profile and no secrets; a Spring AOT jar run with -Dspring.aot.enabled=true needs SPRING_PROFILES_ACTIVE=prod
#      and the prod secrets (its code was generated for that profile; the Dockerfile passes throwaway ones);
#   2. waits until GET /actuator/health/readiness is UP, then sends a few requests (health, a public list, a 404,
#      the landing page, an unauthenticated write: 401);
#   3. stops it with SIGTERM: the JVM writes app.aot as it exits.
# Nothing of the training environment ends up in the cache but classes, their linkage and method profiles (which the
# recommended flags do not replay: -XX:-AOTReplayTraining, README).
set -eu
[ $# -ge 3 ] || { sed -n '2,19p' "$0" >&2; exit 2; }
app=$1 url=$2 user=$3; shift 3
java=${JAVA:-java}
cd "$app"
rm -f app.aot app.port train.log
"$java" "$@" -XX:AOTCacheOutput=app.aot -jar app.jar --spring.datasource.url="$url" --spring.datasource.username="$user" \
  --server.port=0 --marketplace.port-file=app.port >train.log 2>&1 &
pid=$!
ready=""
for _ in $(seq 3600); do   # up to 30 minutes (a loaded build machine)
  kill -0 "$pid" 2>/dev/null || break
  if [ -s app.port ] && curl -fsS -m 5 "http://127.0.0.1:$(cat app.port)/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
    ready=1; break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  kill -KILL "$pid" 2>/dev/null || true
  echo "aot-train.sh: the server did not become ready (see $app/train.log)" >&2; tail -20 train.log >&2; exit 1
fi
base="http://127.0.0.1:$(cat app.port)"
for path in /actuator/health /actuator/health/liveness "/api/v2/items?limit=20&status=active" /api/v2/no-such-path /; do
  curl -s -o /dev/null -m 30 "$base$path" || true
done
curl -s -o /dev/null -m 30 -X POST -H 'Content-Type: application/json' -d '{}' "$base/api/v2/items" || true
kill -TERM "$pid"
wait "$pid" || true   # 143: stopped by SIGTERM, as intended
rm -f app.port
[ -s app.aot ] || { echo "aot-train.sh: no AOT cache written (see $app/train.log)" >&2; exit 1; }
