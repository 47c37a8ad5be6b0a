#!/usr/bin/env bash
# Requests per second of register and session create against the real service on this machine.
# Starts the built jar against a fresh PostgreSQL database and the local Redis, then drives it with wrk.
# Usage: bash bench/http-load.sh [duration_seconds=20] [runs=3]
# Needs: wrk (apt-get install -y wrk), PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
RUNS=${2:-3}
PORT=${BENCH_PORT:-3901}
JAR=service/target/jarvis-ingress.jar
[ -f "$JAR" ] || mvn -q -DskipTests package
DB="ingress_bench_$(date +%s)"
psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $DB" >/dev/null
LOG=$(mktemp)
# Limits raised so the benchmark measures the service, not the limiter.
PORT=$PORT GRPC_PORT=0 STUN_PORT=0 RTC_MIN_PORT=0 RTC_MAX_PORT=0 DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379 \
  JWT_SECRET=bench-secret-bench-secret-bench-secret LOG_LEVEL=warn PGPOOL_MAX_INGRESS=10 \
  RATE_LIMIT_ENABLED=false \
  java -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" >/dev/null' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT"
TOKEN=$(curl -sf -XPOST "$BASE/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"deviceIdentifier\":\"bench-$(date +%s%N)\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
export TOKEN

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
run() { # $1 = lua script, prints requests/s
  wrk -t2 -c16 -d"${DURATION}s" -s "bench/wrk/$1" "$BASE" | tee -a "$LOG.wrk" | awk '/Requests\/sec/ {print $2}'
}
WARMUP=${BENCH_WARMUP:-30s}
echo "warm-up ($WARMUP each)..."
wrk -t2 -c16 -d"$WARMUP" -s bench/wrk/register.lua "$BASE" >/dev/null
wrk -t2 -c16 -d"$WARMUP" -s bench/wrk/session-create.lua "$BASE" >/dev/null
for script in register.lua session-create.lua; do
  results=()
  for _ in $(seq 1 "$RUNS"); do results+=("$(run "$script")"); done
  printf '%-20s runs: %s  median: %s req/s\n' "$script" "${results[*]}" "$(printf '%s\n' "${results[@]}" | median)"
done
if grep -q "Non-2xx" "$LOG.wrk"; then
  echo "WARNING: some requests failed (numbers above are not valid):"; grep -h "Non-2xx" "$LOG.wrk"
fi
