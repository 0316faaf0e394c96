#!/usr/bin/env bash
# Renders a self-contained nginx configuration around deploy/nginx/marketplace.conf (the SAME file compose uses) for a
# local or bench run on loopback, and checks it with `nginx -t`.
#
#   deploy/nginx/render-local.sh OUT_DIR LISTEN UPSTREAM [UPSTREAM...]
#   e.g. deploy/nginx/render-local.sh /tmp/mp-nginx 127.0.0.1:18080 127.0.0.1:18081 127.0.0.1:18082
#
# Then run it:   nginx -p OUT_DIR -e OUT_DIR/error.log -c OUT_DIR/nginx.conf        (daemon; PID in OUT_DIR/nginx.pid)
#   reload:      nginx -p OUT_DIR -e OUT_DIR/error.log -c OUT_DIR/nginx.conf -s reload
#   stop:        kill -QUIT "$(cat OUT_DIR/nginx.pid)"
# Logs: OUT_DIR/access.log (format "marketplace"), OUT_DIR/error.log. Start the API instances with
# MARKETPLACE_TRUSTED_PROXIES=127.0.0.1/32 — and connect clients from other loopback addresses (127.0.0.2, …) when
# they must count as different clients: the proxy's own address is never a client's.
# Environment: NGINX (default: nginx on PATH, else /usr/sbin/nginx), NGINX_WORKERS (default 2),
# NGINX_UPSTREAM_OPTIONS (default "max_fails=1 fail_timeout=5s").
set -euo pipefail

if [[ $# -lt 3 ]]; then
    sed -n '2,16p' "$0" >&2
    exit 2
fi
out=$1; listen=$2; shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nginx_bin=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
options=${NGINX_UPSTREAM_OPTIONS-max_fails=1 fail_timeout=5s}

mkdir -p "$out/tmp"
out=$(cd "$out" && pwd)
for d in body proxy fastcgi uwsgi scgi; do
    mkdir -p "$out/tmp/$d"
    chmod 1777 "$out/tmp/$d"   # nginx's workers drop root privileges and must write their temporary files here
done

{
    echo "# Rendered by deploy/nginx/render-local.sh: the API instances."
    for upstream in "$@"; do
        echo "server $upstream${options:+ $options};"
    done
} > "$out/marketplace-upstreams.conf"

cat > "$out/marketplace-local.conf" <<CONF
# Rendered by deploy/nginx/render-local.sh: where this nginx listens and logs.
listen $listen;
access_log $out/access.log marketplace;
error_log $out/error.log warn;
CONF

cat > "$out/nginx.conf" <<CONF
# Rendered by deploy/nginx/render-local.sh. Everything Marketplace-specific is in the included file.
worker_processes ${NGINX_WORKERS:-2};
pid $out/nginx.pid;
error_log $out/error.log warn;
events {
    worker_connections 4096;
}
http {
    client_body_temp_path $out/tmp/body;
    proxy_temp_path $out/tmp/proxy;
    fastcgi_temp_path $out/tmp/fastcgi;
    uwsgi_temp_path $out/tmp/uwsgi;
    scgi_temp_path $out/tmp/scgi;
    include $here/marketplace.conf;
}
CONF

"$nginx_bin" -t -q -p "$out" -e "$out/error.log" -c "$out/nginx.conf"
echo "$out/nginx.conf"
