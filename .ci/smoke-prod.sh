#!/usr/bin/env bash
# Artifact smoke test: starts the packaged jar the way production runs it (prod profile, external
# PostgreSQL, configured signing key and issuer) against the machine's PostgreSQL on 127.0.0.1:5432,
# in a throwaway database. Checks readiness, one API call, the JSON logs and a graceful stop.
# Skipped (exit 0, with a visible line) when no PostgreSQL answers there.
#
#   bash .ci/smoke-prod.sh            # after ./mvnw verify (or package) built server/target/*-exec.jar
#   SMOKE_SPRING_AOT=1 bash .ci/smoke-prod.sh   # the jar built with -Pspring-aot, started in Spring AOT mode
#                                               # (-Dspring.aot.enabled=true, as the Dockerfile runs it); first
#                                               # checks that it refuses a setting its build fixed (an OTLP endpoint)
#
# Needs: java 21+ (JAVA_HOME or PATH), curl, node, psql/createdb/dropdb, openssl.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=127.0.0.1
PG_PORT=${SMOKE_PG_PORT:-5432}
PG_USER=${SMOKE_PG_USER:-postgres}
JAR=server/target/server-2.0.0-SNAPSHOT-exec.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
START_TIMEOUT=${SMOKE_START_TIMEOUT:-90}

pg_up() {
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
  else
    (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
  fi
}

if ! pg_up; then
  echo "SKIPPED artifact smoke test: no PostgreSQL on $PG_HOST:$PG_PORT"
  exit 0
fi
for tool in psql createdb dropdb openssl curl node; do
  command -v "$tool" >/dev/null || { echo "artifact smoke test: '$tool' is required" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "artifact smoke test: $JAR is missing (run ./mvnw -pl server -am package first)" >&2; exit 1; }
MODE=()
if [ "${SMOKE_SPRING_AOT:-0}" = 1 ]; then
  deploy/has-spring-aot.sh "$JAR" \
    || { echo "artifact smoke test: $JAR has no Spring AOT code (build it with -Pspring-aot)" >&2; exit 1; }
  MODE=(-Dspring.aot.enabled=true)
fi

started=$(date +%s)
work=$(mktemp -d)
db="marketplace_smoke_$(date +%s)_$$"
pid=""

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "artifact smoke test FAILED: $*" >&2
  echo "--- last lines of the server log ---" >&2
  tail -n 40 "$work/server.log" >&2 || true
  exit 1
}

createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$db"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/signing-key.pem" 2>/dev/null

# The production environment (generated secrets); started as `env "${PROD_ENV[@]}" java …`, so that $! is the JVM.
PROD_ENV=(SPRING_PROFILES_ACTIVE=prod
  SPRING_DATASOURCE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db"
  SPRING_DATASOURCE_USERNAME="$PG_USER"
  SPRING_DATASOURCE_PASSWORD=""
  MARKETPLACE_AUTH_SIGNING_KEY="$(cat "$work/signing-key.pem")"
  MARKETPLACE_AUTH_ISSUER="http://127.0.0.1"
  MARKETPLACE_PAYMENTS_WEBHOOK_SECRET="whsec_$(openssl rand -hex 24)"
  MARKETPLACE_WEBHOOKS_SECRET_KEY="$(openssl rand -base64 32)")

if [ ${#MODE[@]} -gt 0 ]; then
  # A setting that decides beans at build time (here: span export) set only at run time is refused, not ignored.
  if env "${PROD_ENV[@]}" MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT=http://127.0.0.1:9/v1/traces \
      timeout 60 "$JAVA" "${MODE[@]}" -jar "$JAR" --server.port=0 >"$work/refused.log" 2>&1; then
    fail "the Spring AOT jar started with an OTLP endpoint its build did not have"
  fi
  grep -q "management.opentelemetry.tracing.export.otlp.endpoint was 'unset' at build time and is 'set' now" "$work/refused.log" \
    || { tail -n 20 "$work/refused.log" >&2; fail "the Spring AOT jar did not say which setting it refused"; }
  echo "artifact smoke test: the Spring AOT jar refuses a setting its build fixed"
fi

echo "artifact smoke test: starting $JAR (prod profile, database $db${MODE:+, Spring AOT})"
env "${PROD_ENV[@]}" "$JAVA" "${MODE[@]}" -jar "$JAR" --server.port=0 --marketplace.port-file="$work/port" >"$work/server.log" 2>&1 &
pid=$!

port=""
for _ in $(seq 1 $((START_TIMEOUT * 4))); do
  kill -0 "$pid" 2>/dev/null || fail "the server exited during start"
  if [ -s "$work/port" ]; then
    port=$(cat "$work/port")
    if curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
      break
    fi
  fi
  sleep 0.25
done
curl -fsS "http://127.0.0.1:${port:-0}/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' \
  || fail "not ready within ${START_TIMEOUT}s"
echo "artifact smoke test: ready on port $port after $(( $(date +%s) - started ))s"

status=$(curl -sS -o "$work/items.json" -w '%{http_code}' \
  -H 'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' "http://127.0.0.1:$port/api/v2/items?limit=5")
[ "$status" = 200 ] || fail "GET /api/v2/items answered $status: $(cat "$work/items.json")"
node -e 'const b = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (!Array.isArray(b.data)) process.exit(1);' \
  "$work/items.json" || fail "GET /api/v2/items did not return a list: $(cat "$work/items.json")"

# The main write flows through every layer (in Spring AOT mode: the generated repositories and bean definitions):
# sign-up, password grant, create and read an item, place an order and replay it with the same Idempotency-Key.
base="http://127.0.0.1:$port"
json() { node -e 'const v = process.argv[1].split(".").reduce((o, k) => o == null ? o : o[k], JSON.parse(require("fs").readFileSync(0, "utf8"))); if (v == null) process.exit(1); console.log(v)' "$1"; }
call() { # EXPECTED_STATUS OUT_FILE CURL_ARGS... : fails unless the answer has that status
  local expected=$1 out=$2 got; shift 2
  got=$(curl -sS -o "$out" -w '%{http_code}' "$@") || fail "curl $*"
  [ "$got" = "$expected" ] || fail "$* answered $got, expected $expected: $(head -c 400 "$out")"
}
token_for() { # EMAIL ROLE
  call 201 "$work/signup.json" -X POST -H 'Content-Type: application/json' "$base/api/v2/users" \
    -d "{\"email\":\"$1\",\"password\":\"smoke-password-1234\",\"display_name\":\"Smoke $2\",\"role\":\"$2\"}"
  call 200 "$work/token.json" "$base/api/v2/auth/token" -d grant_type=password --data-urlencode "username=$1" -d password=smoke-password-1234
  json access_token < "$work/token.json"
}
seller=$(token_for seller@smoke.invalid seller) || fail "no access token for the seller"
call 201 "$work/item.json" -X POST -H "Authorization: Bearer $seller" -H 'Content-Type: application/json' "$base/api/v2/items" \
  -d '{"name":"Smoke test lamp","price":"12.50","currency":"EUR","status":"active","stock":5}'
item=$(json id < "$work/item.json") || fail "the created item has no id"
call 200 "$work/got.json" "$base/api/v2/items/$item"
[ "$(json name < "$work/got.json")" = "Smoke test lamp" ] || fail "GET /api/v2/items/$item: $(cat "$work/got.json")"
buyer=$(token_for buyer@smoke.invalid buyer) || fail "no access token for the buyer"
for attempt in first replay; do
  call 201 "$work/order-$attempt.json" -X POST -H "Authorization: Bearer $buyer" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: smoke-$db" "$base/api/v2/orders" -d "{\"lines\":[{\"item_id\":\"$item\",\"quantity\":1}]}"
done
order=$(json id < "$work/order-first.json") || fail "the order has no id"
[ "$(json id < "$work/order-replay.json")" = "$order" ] || fail "the replayed order is another one: $(cat "$work/order-replay.json")"
call 200 "$work/order.json" -H "Authorization: Bearer $buyer" "$base/api/v2/orders/$order"
echo "artifact smoke test: signed up, created item $item, placed order $order (replayed with its Idempotency-Key)"

# Every line the server wrote is one JSON object (ECS), and the request's access line carries its trace.
sleep 0.5
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(l => l.trim() !== "");
  let access = null;
  for (const line of lines) {
    let event;
    try { event = JSON.parse(line); } catch (e) { console.error("not a JSON log line: " + line); process.exit(1); }
    if (event.log && event.log.logger === "dev.marketplace.access" && /^GET \/api\/v2\/items 200 /.test(event.message)) access = event;
  }
  if (lines.length === 0 || !access) { console.error("no JSON access line for GET /api/v2/items"); process.exit(1); }
  if (access["trace.id"] !== "0af7651916cd43dd8448eb211c80319c") { console.error("access line without the trace id: " + JSON.stringify(access)); process.exit(1); }
  console.log("artifact smoke test: " + lines.length + " log lines, all JSON; access line: " + access.message);
' "$work/server.log" || fail "the logs are not as expected"

kill -TERM "$pid"
for _ in $(seq 1 120); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
kill -0 "$pid" 2>/dev/null && fail "still running 30s after SIGTERM"
wait "$pid" || true
pid=""
grep -q 'Graceful shutdown complete' "$work/server.log" || fail "no graceful shutdown in the log"
if [ ${#MODE[@]} -gt 0 ]; then
  grep -q 'Starting AOT-processed' "$work/server.log" || fail "the server did not run its Spring AOT code"
fi

echo "artifact smoke test passed in $(( $(date +%s) - started ))s"
