#!/usr/bin/env bash
# One authenticated REST call over one keep-alive connection, two service jars side by side (rounds alternate):
# GET /api/webrtc/capabilities with a device's access token, wrk -c1, against a service with the local Redis and
# its own PostgreSQL database; prints per run the latency percentiles and the service's CPU per request
# (utime+stime from /proc over the measured 15 s, after a 20 s warm-up). What it isolates: the per-request
# authentication (token signature check, token-family state) and the servlet stack, nothing else.
#   bash bench/authenticated-get.sh OLD.jar NEW.jar [rounds=3]
# Env: BENCH_PORT (3990), BENCH_RTC_PORT (40990). Needs wrk, curl, psql, python3. Not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:?old jar}; B=${2:?new jar}; ROUNDS=${3:-3}
PORT=${BENCH_PORT:-3990}; RTC=${BENCH_RTC_PORT:-40990}
DATA=$(mktemp -d)
pid=""; db=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ -n "$db" ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $db" || true
  rm -rf "$DATA"
}
trap cleanup EXIT
for round in $(seq 1 "$ROUNDS"); do
  for jar in "$A" "$B"; do
    db="ingress_authget_$(date +%s)_$$"
    psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db"
    REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" NODE_ENV=test \
      LOG_LEVEL=warn JWT_SECRET=bench-secret-0123456789abcdef0123456789 PORT=$PORT GRPC_PORT=0 STUN_PORT=0 \
      RATE_LIMIT_ENABLED=false MEDIASOUP_LISTEN_IP=127.0.0.1 RTC_MIN_PORT=$RTC RTC_MAX_PORT=$RTC DATA_DIR="$DATA" \
      java -jar "$jar" >"$DATA/service.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
    token=$(curl -s -X POST -H 'content-type: application/json' -d "{\"deviceIdentifier\":\"authget-$RANDOM\"}" \
      "http://127.0.0.1:$PORT/api/auth/register" | python3 -c 'import sys,json;print(json.load(sys.stdin)["accessToken"])')
    url="http://127.0.0.1:$PORT/api/webrtc/capabilities"
    wrk -t1 -c1 -d20s -H "Authorization: Bearer $token" "$url" >/dev/null
    c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
    out=$(wrk -t1 -c1 -d15s --latency -H "Authorization: Bearer $token" "$url")
    c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
    reqs=$(echo "$out" | awk '/requests in/{print $1}')
    echo "round $round $(basename "$jar"): $(echo "$out" | grep -E '^ +(50|90|99)%' | tr -s ' ' | tr '\n' ' ')requests $reqs, service CPU per request $(python3 -c "print(round(($c1 - $c0) * 1000 / $(getconf CLK_TCK) / $reqs, 4))") ms"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE $db"; db=""
  done
done
