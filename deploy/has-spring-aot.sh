#!/usr/bin/env sh
# Exits 0 when JAR was built with Spring AOT (./mvnw -pl server -am package -Pspring-aot: it holds the generated
# application context initializer), 1 otherwise. Used by .ci/smoke-prod.sh, bench/run.sh and bench/startup.sh.
#
#   deploy/has-spring-aot.sh JAR
[ $# -eq 1 ] || { sed -n '2,5p' "$0" >&2; exit 2; }
# grep -c reads all of unzip's output (grep -q would stop early and fail unzip with SIGPIPE under pipefail callers).
unzip -l "$1" 2>/dev/null | grep -c '__ApplicationContextInitializer.class' >/dev/null
