#!/usr/bin/env bash
# Tracing overhead on POST /api/session/create: the same build, machine and database, sampling ratio 0 vs 1.0.
# Both runs export to a local OTLP/HTTP sink (a tiny Python server that answers 200), so the 1.0 run pays for
# creating, batching, serialising and sending every span, and the 0 run only for propagation and MDC.
# wrk: 2 threads, 16 connections, 10 s warm-up, then 3 runs of 20 s per ratio; prints medians and the ratio.
# Needs: wrk (Debian package wrk), python3, a PostgreSQL on 127.0.0.1:5432 (user postgres, database "test").
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=service/target/jarvis-ingress.jar
PORT=${BENCH_PORT:-3900}
SINK_PORT=${BENCH_SINK_PORT:-4399}
PG=${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}
DB=ingress_bench_tracing
RUNS=${BENCH_RUNS:-3}
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-30s}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f "$JAR" ] || mvn -q -o -pl service -am package -DskipTests
psql "$PG/test" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null

python3 - "$SINK_PORT" <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *a): pass
ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Sink).serve_forever()
PY

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_ratio() {
  local ratio=$1
  PORT=$PORT GRPC_PORT=0 STUN_PORT=0 RTC_MIN_PORT=0 RTC_MAX_PORT=0 RATE_LIMIT_ENABLED=false DATABASE_URL="$PG/$DB" JWT_SECRET=bench-secret-0123456789abcdef0123456789 LOG_LEVEL=warn \
    OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_TRACES_SAMPLER_ARG=$ratio \
    java -jar "$JAR" > "$WORK/service-$ratio.log" 2>&1 &
  local pid=$!
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
  local token
  token=$(curl -sf -H 'Content-Type: application/json' -d "{\"deviceIdentifier\":\"bench-$ratio-$RANDOM\"}" \
    "http://127.0.0.1:$PORT/api/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  cat > "$WORK/create.lua" <<LUA
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
  wrk -t2 -c16 -d"$WARMUP" -s "$WORK/create.lua" "http://127.0.0.1:$PORT/api/session/create" >/dev/null
  : > "$WORK/rps-$ratio"
  for i in $(seq "$RUNS"); do
    wrk -t2 -c16 -d"$DURATION" -s "$WORK/create.lua" "http://127.0.0.1:$PORT/api/session/create" > "$WORK/wrk.txt"
    local rps non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.txt")
    echo "sampling $ratio run $i: $rps req/s${non2xx:+ (non-2xx: $non2xx)}"
    echo "$rps" >> "$WORK/rps-$ratio"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

run_ratio 0
run_ratio 1.0
m0=$(median < "$WORK/rps-0")
m1=$(median < "$WORK/rps-1.0")
echo "median sampling 0:   $m0 req/s"
echo "median sampling 1.0: $m1 req/s"
awk -v a="$m0" -v b="$m1" 'BEGIN {printf "ratio 1.0/0: %.3f (overhead %.1f%%)\n", b/a, (1-b/a)*100}'
