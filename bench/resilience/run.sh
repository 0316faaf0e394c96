#!/usr/bin/env bash
# Resilience scenarios (issue 12, points 4, 6 and 7): faults under load, with a report each.
#
#   bench/resilience/run.sh SCENARIO...     # nginx | db-down | kill | redis-down | soak | all
#   RZ_SOAK_DURATION=120 bench/resilience/run.sh soak    # a short soak (smoke run)
#
# Each scenario runs the server exec jar in the prod profile against the machine's PostgreSQL (databases named
# resilience_*, dropped afterwards), writes bench/results/<UTC date>/<scenario>.md with SVG plots (raw output under
# raw/<scenario>/, gitignored) and exits non-zero when a bar is missed (1) or the run itself failed (2).
# Outages are simulated with a TCP proxy of the bench (tcpproxy.py) in front of PostgreSQL or Redis; the machine's
# services are never stopped. Options: see bench/README.md, "Resilience scenarios".
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

report() { # report SCENARIO key=value...: writes the Markdown report, returns the bars' verdict
  local rc=0
  $PY "$RZ_DIR/analyze.py" "$@" | tee -a "$RUN_LOG" || rc=$?
  return $rc
}

warmup() { # warmup BASE EMAIL: JIT warm-up at a low rate (RZ_WARMUP seconds, default 20), recorded apart
  local secs=${RZ_WARMUP:-20}
  ((secs > 0)) || return 0
  log "warm-up: $secs s of mixed load at ${RZ_WARMUP_RATE:-10} req/s on $1"
  $PY "$RZ_DIR/rz.py" load --base "$1" --out "$RAW/warmup.csv" --duration "$secs" --rate "${RZ_WARMUP_RATE:-10}" \
    --mix get:2,list:1,create:1 --email "$2" --max-inflight 32 || true
}

wait_for() { # wait_for SECONDS COMMAND...: until the command succeeds
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do ((SECONDS < deadline)) || return 1; sleep 1; done
}

# ---------------------------------------------------------------- soak
live_heap() { # live_heap PID LABEL: old generation after a full GC (the live set), appended to raw/live-heap.txt
  "$JAVA_HOME/bin/jcmd" "$1" GC.run > /dev/null 2>&1 || true
  "$JAVA_HOME/bin/jstat" -gc "$1" | awk -v l="$2" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "OU") c = i} NR == 2 {print l, $c}' \
    >> "$RAW/live-heap.txt" || true
}

scenario_soak() {
  rz_init soak
  local db=resilience_soak duration=${RZ_SOAK_DURATION:-1800} max_seconds=${RZ_SOAK_MAX_SECONDS:-60}
  local max_workers=${RZ_SOAK_MAX_WORKERS:-16} warm=${RZ_SOAK_MAX_WARMUP:-20} rate=${RZ_SOAK_RATE:-}
  new_db $db
  start_server soak "$PG_PORT" $db --marketplace.rate-limit.enabled=false
  local pid=$SERVER_PID base=http://127.0.0.1:$SERVER_PORT
  # jstat -t stamps seconds since the JVM started: the process start time (/proc) turns them into epoch seconds
  local jvm_epoch; jvm_epoch=$(awk -v btime="$(awk '/^btime/ {print $2}' /proc/stat)" -v hz="$(getconf CLK_TCK)" \
    '{sub(/.*\) /, ""); split($0, f, " "); printf "%.3f", btime + f[20] / hz}' "/proc/$pid/stat")
  start_sampler "$pid" "$RAW/rss.csv"
  "$JAVA_HOME/bin/jstat" -gc -t "$pid" 5000 > "$RAW/jstat.txt" 2>/dev/null &
  PIDS+=($!)
  account "$base" soak@resilience.invalid > /dev/null
  local max=""
  if [[ -z $rate ]]; then
    log "measuring the maximum: $max_workers closed-loop workers for $max_seconds s (first $warm s are warm-up)"
    $PY "$RZ_DIR/rz.py" load --base "$base" --out "$RAW/max.csv" --duration "$max_seconds" --workers "$max_workers" \
      --email soak@resilience.invalid --max-inflight "$max_workers"
    max=$(awk -F, -v w="$warm" 'NR==1 {t0=$1} {if ($1 - t0 >= w) {n++; if ($3 >= 200 && $3 < 400) ok++; if ($1 > last) last = $1}} END {printf "%.0f", ok / (last - t0 - w)}' "$RAW/max.csv")
    rate=$((max / 2))
    log "maximum $max req/s (2xx/3xx); soak rate $rate req/s"
  fi
  ((rate > 0)) || die "no rate"
  live_heap "$pid" start
  log "soak: $rate req/s for $duration s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  $PY "$RZ_DIR/rz.py" load --base "$base" --out "$RAW/soak.csv" --duration "$duration" --rate "$rate" \
    --email soak@resilience.invalid --max-inflight 256
  live_heap "$pid" end
  sql $db "SELECT count(*) FROM items" > "$RAW/items.txt"
  report soak "$RAW" "$OUT" rate="$rate" max="${max:-given}" duration="$duration" max_seconds="$max_seconds" \
    max_workers="$max_workers" max_warmup="$warm" xmx="$XMX" jvm_start_epoch="$jvm_epoch"
}

# ---------------------------------------------------------------- db-down
scenario_db_down() {
  rz_init db-down
  local db=resilience_dbdown rate=${RZ_DBDOWN_RATE:-20} before=${RZ_DBDOWN_BEFORE:-20} outage=${RZ_DBDOWN_SECONDS:-10}
  local after=${RZ_DBDOWN_AFTER:-40} mix=${RZ_DBDOWN_MIX:-get:4,list:3,create:3} mode=${RZ_PROXY_MODE:-refuse}
  new_db $db
  start_proxy pgproxy "$PG_HOST:$PG_PORT" "$mode"
  local proxy=$PROXY_PID
  start_server app "$PROXY_PORT" $db --marketplace.rate-limit.enabled=false
  local base=http://127.0.0.1:$SERVER_PORT
  account "$base" dbdown@resilience.invalid > /dev/null
  warmup "$base" dbdown@resilience.invalid
  log "load: $rate req/s ($mix) for $((before + outage + after)) s; database cut at $before s for $outage s"
  $PY "$RZ_DIR/rz.py" load --base "$base" --out "$RAW/load.csv" --duration $((before + outage + after)) --rate "$rate" \
    --mix "$mix" --email dbdown@resilience.invalid --timeout 30 --max-inflight 64 &
  local load=$!
  PIDS+=($load)
  sleep "$before"; kill -USR1 "$proxy"; log "database cut"
  sleep "$outage"; kill -USR2 "$proxy"; log "database back"
  wait $load || true
  sql $db "SELECT id FROM items" > "$RAW/db-ids.txt"
  grep -c 'Database unavailable' "$RAW/app.log" > "$RAW/unavailable-logs.txt" || true
  report db-down "$RAW" "$OUT" rate="$rate" mix="$mix" mode="$mode" recovery_bar="${RZ_DBDOWN_RECOVERY_BAR:-10}"
}

# ---------------------------------------------------------------- kill
scenario_kill() {
  rz_init kill
  local db=resilience_kill rate=${RZ_KILL_RATE:-15} before=${RZ_KILL_BEFORE:-20} after=${RZ_KILL_AFTER:-40}
  local mix=${RZ_KILL_MIX:-create:3,get:1} drain=${RZ_KILL_DRAIN:-180}
  local email=kill@resilience.invalid
  new_db $db
  start_hooks
  local common=(--marketplace.rate-limit.enabled=false --marketplace.webhooks.allow-insecure-urls=true
                --marketplace.webhooks.allow-private-targets=true)
  launch_server a "$PG_PORT" $db "${common[@]}"
  launch_server b "$PG_PORT" $db "${common[@]}"
  await_server a
  local a_pid=$SERVER_PID a_base=http://127.0.0.1:$SERVER_PORT
  await_server b
  local b_base=http://127.0.0.1:$SERVER_PORT
  account "$a_base" $email > /dev/null
  make_partner $db $email
  local tok; tok=$($PY "$RZ_DIR/rz.py" account --base "$a_base" --email $email --existing)
  curl -fsS -o "$RAW/endpoint.json" -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$HOOKS_PORT/hooks\",\"event_types\":[\"item.created\"],\"description\":\"resilience bench\"}" \
    "$a_base/api/v2/webhook-endpoints" || die "webhook endpoint registration failed"
  $PY "$RZ_DIR/rz.py" ws --base "$b_base" --email $email --out "$RAW/ws.csv" --duration $((before + after + drain + 30)) &
  local ws=$!
  PIDS+=($ws)
  wait_for 120 grep -q connected "$RAW/ws.csv" || die "no WebSocket connection to B"
  warmup "$a_base" $email
  log "load on A: $rate req/s ($mix) for $((before + after)) s; kill -9 at $before s, then restart"
  $PY "$RZ_DIR/rz.py" load --base "$a_base" --out "$RAW/load.csv" --duration $((before + after)) --rate "$rate" \
    --mix "$mix" --email $email --timeout 10 &
  local load=$!
  PIDS+=($load)
  sleep "$before"
  local killed_at; killed_at=$(date +%s.%N)
  kill -KILL "$a_pid"; log "kill -9 A (pid $a_pid)"
  start_server a "$PG_PORT" $db "${common[@]}"
  local restarted_at; restarted_at=$(date +%s.%N)
  wait $load || true
  local want; want=$(awk -F, '$2 == "create" && $3 == 201 {print $5}' "$RAW/load.csv" | sort -u)
  printf '%s\n' "$want" > "$RAW/acked.txt"
  log "load done: $(grep -c . "$RAW/acked.txt") acknowledged creates; waiting up to $drain s for webhooks and live events"
  delivered() {
    local h w
    h=$(comm -23 "$RAW/acked.txt" <(cut -d, -f5 "$RAW/hooks.csv" 2>/dev/null | sort -u) | grep -c . || true)
    w=$(comm -23 "$RAW/acked.txt" <(awk -F, '$3 == "item.created" {print $4}' "$RAW/ws.csv" | sort -u) | grep -c . || true)
    [[ $h == 0 && $w == 0 ]]
  }
  wait_for "$drain" delivered || log "not everything arrived within $drain s"
  sleep 3   # late duplicates
  sql $db "SELECT id FROM items" > "$RAW/db-ids.txt"
  sql $db "SELECT status, count(*) FROM webhook_deliveries GROUP BY status" > "$RAW/deliveries-by-status.txt" 2>/dev/null || true
  sql $db "SELECT count(*) FILTER (WHERE completion_date IS NULL), count(*) FROM event_publication" > "$RAW/outbox.txt" 2>/dev/null || true
  report kill "$RAW" "$OUT" rate="$rate" mix="$mix" drain="$drain" killed_at="$killed_at" restarted_at="$restarted_at"
}

# ---------------------------------------------------------------- nginx
redis_flush_ours() { # our own database index only (RZ_REDIS_DB): stale buckets of an earlier run
  redis-cli -h "$REDIS_HOST" -p "$1" -n "$REDIS_DB" --scan --pattern 'marketplace:rate-limit:*' 2>/dev/null \
    | xargs -r redis-cli -h "$REDIS_HOST" -p "$1" -n "$REDIS_DB" del > /dev/null 2>&1 || true
}

start_nginx() { # start_nginx PORT_A PORT_B: sets NGINX_PORT
  local prefix=$RAW/nginx template=${RZ_NGINX_TEMPLATE:-$RZ_DIR/nginx.conf.template}
  mkdir -p "$prefix/tmp"
  NGINX_PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  sed -e "s#@PREFIX@#$prefix#g" -e "s#@LISTEN@#127.0.0.1:$NGINX_PORT#g" \
      -e "s#@UPSTREAM_A@#127.0.0.1:$1#g" -e "s#@UPSTREAM_B@#127.0.0.1:$2#g" "$template" > "$prefix/nginx.conf"
  /usr/sbin/nginx -t -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' >>"$RUN_LOG" 2>&1 || die "nginx -t (see $RUN_LOG)"
  /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' 2>>"$RAW/nginx.err" &
  PIDS+=($!)
  wait_for 60 curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/actuator/health" || die "nginx did not start"
  log "nginx on 127.0.0.1:$NGINX_PORT -> A :$1, B :$2 (config $template)"
}

scenario_nginx() {
  rz_init nginx
  local db=resilience_nginx n=${RZ_NGINX_ANON_LIMIT:-40} rate=${RZ_NGINX_RATE:-20} before=${RZ_NGINX_BEFORE:-15}
  local after=${RZ_NGINX_AFTER:-30} fanout=${RZ_NGINX_FANOUT:-redis} email=nginx@resilience.invalid
  local redis="redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB"
  new_db $db
  redis_flush_ours "$REDIS_PORT"
  # RZ_APP_PROXY_ARGS: the app's settings for trusting the proxy's forwarded headers; default: trust the nginx on
  # loopback, as README "Running behind a proxy" says (MARKETPLACE_TRUSTED_PROXIES=127.0.0.1/32)
  # shellcheck disable=SC2206
  local common=(--marketplace.rate-limit.redis-url="$redis" --marketplace.rate-limit.anonymous.requests="$n"
                --marketplace.rate-limit.anonymous.window="${RZ_ANON_WINDOW:-1h}" --marketplace.rate-limit.authenticated.requests=1000000 --marketplace.rate-limit.auth.requests=1000
                --marketplace.live.fanout="$fanout" --marketplace.live.redis-url="$redis" ${RZ_APP_PROXY_ARGS:---marketplace.trusted-proxies=127.0.0.1/32})
  launch_server a "$PG_PORT" $db "${common[@]}"
  launch_server b "$PG_PORT" $db "${common[@]}"
  await_server a
  local a_pid=$SERVER_PID a_port=$SERVER_PORT
  await_server b
  local b_pid=$SERVER_PID b_port=$SERVER_PORT
  start_nginx "$a_port" "$b_port"
  local base=http://127.0.0.1:$NGINX_PORT url="http://127.0.0.1:$NGINX_PORT/api/v2/items?limit=1"
  echo "a=127.0.0.1:$a_port b=127.0.0.1:$b_port nginx=127.0.0.1:$NGINX_PORT fanout=$fanout anonymous_limit=$n app_proxy_args=${RZ_APP_PROXY_ARGS:-}" > "$RAW/topology.txt"
  # 1. shared rate limit, 2. client identity (source addresses on loopback: 127.0.0.2, .3, .4)
  log "rate limit: $((n + 10)) anonymous GETs from 127.0.0.2, then 5 from 127.0.0.3, then spoofed X-Forwarded-For from 127.0.0.4"
  $PY "$RZ_DIR/rz.py" probe --url "$url" --n $((n + 10)) --source 127.0.0.2 > "$RAW/probe-shared.json"
  $PY "$RZ_DIR/rz.py" probe --url "$url" --n 5 --source 127.0.0.3 > "$RAW/probe-other-client.json"
  redis_flush_ours "$REDIS_PORT"
  $PY "$RZ_DIR/rz.py" probe --url "$url" --n $((n + 5)) --source 127.0.0.4 --header 'X-Forwarded-For: 203.0.113.9' > "$RAW/probe-spoof-1.json"
  $PY "$RZ_DIR/rz.py" probe --url "$url" --n 5 --source 127.0.0.4 --header 'X-Forwarded-For: 198.51.100.7' > "$RAW/probe-spoof-2.json"
  redis_flush_ours "$REDIS_PORT"
  # 3. live events from either instance: WebSocket clients through nginx, creates through nginx
  account "$base" $email > /dev/null
  $PY "$RZ_DIR/rz.py" ws --base "$base" --email $email --out "$RAW/ws.csv" --clients 6 --duration $((before + after + 60)) &
  PIDS+=($!)
  wait_for 120 bash -c "[[ \$(grep -c connected '$RAW/ws.csv') -ge 6 ]]" || log "not all WebSocket clients connected"
  $PY "$RZ_DIR/rz.py" load --base "$base" --out "$RAW/creates.csv" --duration 4 --rate 5 --mix create:1 --email $email
  wait_for 60 bash -c "[[ \$(grep -c item.created '$RAW/ws.csv') -ge \$((6 * \$(grep -c ',201,' '$RAW/creates.csv'))) ]]" || log "not every live event arrived in 60 s"
  # 4. kill -9 one instance under load
  warmup "$base" $email
  log "load through nginx: $rate req/s for $((before + after)) s; kill -9 B at $before s"
  $PY "$RZ_DIR/rz.py" load --base "$base" --out "$RAW/load.csv" --duration $((before + after)) --rate "$rate" \
    --mix get:3,list:1,create:1 --email $email --auth-reads --timeout 10 &
  local load=$!
  PIDS+=($load)
  sleep "$before"
  local killed_at; killed_at=$(date +%s.%N)
  kill -KILL "$b_pid"; log "kill -9 B (pid $b_pid)"
  wait $load || true
  sql $db "SELECT id FROM items" > "$RAW/db-ids.txt"
  cp "$RAW/nginx/nginx.conf" "$RAW/nginx.conf.used"
  report nginx "$RAW" "$OUT" n="$n" window="${RZ_ANON_WINDOW:-1h}" rate="$rate" killed_at="$killed_at" a="127.0.0.1:$a_port" b="127.0.0.1:$b_port" \
    fanout="$fanout" proxy_args="${RZ_APP_PROXY_ARGS:---marketplace.trusted-proxies=127.0.0.1/32}"
}

# ---------------------------------------------------------------- redis-down
scenario_redis_down() {
  rz_init redis-down
  local db=resilience_redis n=${RZ_REDIS_ANON_LIMIT:-40} rate=${RZ_REDIS_RATE:-10} before=${RZ_REDIS_BEFORE:-20}
  local outage=${RZ_REDIS_SECONDS:-20} after=${RZ_REDIS_AFTER:-30} drain=${RZ_REDIS_DRAIN:-150}
  local email=redis@resilience.invalid mode=${RZ_PROXY_MODE:-refuse}
  new_db $db
  start_proxy redisproxy "$REDIS_HOST:$REDIS_PORT" "$mode"
  local proxy=$PROXY_PID redis="redis://127.0.0.1:$PROXY_PORT/$REDIS_DB"
  redis_flush_ours "$REDIS_PORT"
  local common=(--marketplace.rate-limit.redis-url="$redis" --marketplace.rate-limit.anonymous.requests="$n"
                --marketplace.rate-limit.anonymous.window="${RZ_ANON_WINDOW:-1h}" --marketplace.rate-limit.authenticated.requests=1000000 --marketplace.rate-limit.auth.requests=1000
                --marketplace.live.fanout=redis --marketplace.live.redis-url="$redis")
  launch_server a "$PG_PORT" $db "${common[@]}"
  launch_server b "$PG_PORT" $db "${common[@]}"
  await_server a
  local a_base=http://127.0.0.1:$SERVER_PORT
  await_server b
  local b_base=http://127.0.0.1:$SERVER_PORT
  local url_a="$a_base/api/v2/items?limit=1" url_b="$b_base/api/v2/items?limit=1"
  account "$a_base" $email > /dev/null
  $PY "$RZ_DIR/rz.py" ws --base "$b_base" --email $email --out "$RAW/ws.csv" --duration $((before + outage + after + drain + 60)) &
  PIDS+=($!)
  wait_for 120 grep -q connected "$RAW/ws.csv" || die "no WebSocket connection to B"
  # Phase 1, Redis up: one anonymous limit shared by both instances
  $PY "$RZ_DIR/rz.py" probe --url "$url_a" --n $((n / 2)) --source 127.0.0.2 > "$RAW/probe-up-a.json"
  $PY "$RZ_DIR/rz.py" probe --url "$url_b" --n $((n / 2 + 10)) --source 127.0.0.2 > "$RAW/probe-up-b.json"
  log "load on A: $rate req/s creates + anonymous gets for $((before + outage + after)) s; Redis cut at $before s for $outage s"
  local t0; t0=$(date +%s.%N)
  $PY "$RZ_DIR/rz.py" load --base "$a_base" --out "$RAW/load.csv" --duration $((before + outage + after)) --rate "$rate" \
    --mix create:1 --email $email --timeout 30 &
  local load=$!
  PIDS+=($load)
  $PY "$RZ_DIR/rz.py" load --base "$a_base,$b_base" --out "$RAW/anon.csv" --duration $((before + outage + after)) --rate 0.5 \
    --mix list:1 --timeout 90 &
  local anon=$!
  PIDS+=($anon)
  sleep "$before"; kill -USR1 "$proxy"; log "Redis cut"
  sleep 3
  # Phase 2, Redis down: the README says requests are let through (no limit) rather than failing
  $PY "$RZ_DIR/rz.py" probe --url "$url_a" --n $((n + 10)) --source 127.0.0.3 --max-seconds $((outage - 5)) > "$RAW/probe-down-a.json" &
  local probe=$!
  sleep $((outage - 3)); kill -USR2 "$proxy"; log "Redis back"
  wait $probe || true
  wait $load || true
  wait $anon || true
  # Phase 3, Redis back: limits shared again
  sleep 5
  $PY "$RZ_DIR/rz.py" probe --url "$url_a" --n $((n + 10)) --source 127.0.0.4 > "$RAW/probe-back-a.json"
  awk -F, '$2 == "create" && $3 == 201 {print $5}' "$RAW/load.csv" | sort -u > "$RAW/acked.txt"
  log "waiting up to $drain s for the live events of $(grep -c . "$RAW/acked.txt") acknowledged creates"
  live_done() { [[ $(comm -23 "$RAW/acked.txt" <(awk -F, '$3 == "item.created" {print $4}' "$RAW/ws.csv" | sort -u) | grep -c .) == 0 ]]; }
  wait_for "$drain" live_done || log "not every live event arrived within $drain s"
  sql $db "SELECT id FROM items" > "$RAW/db-ids.txt"
  sql $db "SELECT count(*) FILTER (WHERE completion_date IS NULL), count(*) FROM event_publication" > "$RAW/outbox.txt" 2>/dev/null || true
  grep -c 'Rate limit store unavailable' "$RAW/a.log" > "$RAW/ratelimit-warnings.txt" || true
  report redis-down "$RAW" "$OUT" n="$n" window="${RZ_ANON_WINDOW:-1h}" rate="$rate" t0="$t0" drain="$drain" mode="$mode"
}

# ---------------------------------------------------------------- main
main() {
  [[ $# -gt 0 ]] || { sed -n 2,12p "$0"; exit 2; }
  scenarios=("$@")
  [[ $1 == all ]] && scenarios=(nginx db-down kill redis-down soak)
  if [[ $1 == --one ]]; then
    case $2 in
      soak) scenario_soak ;;
      db-down) scenario_db_down ;;
      kill) scenario_kill ;;
      redis-down) scenario_redis_down ;;
      nginx) scenario_nginx ;;
    esac
    exit 0
  fi
  rc=0
  for s in "${scenarios[@]}"; do   # one process per scenario: its own EXIT trap, errexit intact
    case $s in
      soak | db-down | kill | redis-down | nginx) "$0" --one "$s" || rc=$((rc > 0 ? rc : $?)) ;;
      *) echo "unknown scenario $s (nginx | db-down | kill | redis-down | soak | all)" >&2; exit 2 ;;
    esac
  done
  exit $rc
}

# One line, so that editing this file while it runs cannot change what bash reads next.
main "$@"; exit $?
