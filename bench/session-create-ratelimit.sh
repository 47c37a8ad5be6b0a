#!/usr/bin/env bash
# Overhead of the rate limiter on POST /api/session/create throughput.
# Starts the service jar twice, RATE_LIMIT_ENABLED=false and true (limits far above what the load reaches, so
# every request is checked against the Redis buckets but none is refused), each against a fresh PostgreSQL
# database and the local Redis, and drives it with wrk: 2 threads, 16 connections, 10 s warm-up, then 3 runs of
# 20 s each, alternating between the two. Prints each run, the medians and their ratio, and the service's CPU
# per request (utime+stime from /proc/<pid>/stat over each run, divided by the requests it served): on a shared
# machine req/s moves with everything else running, CPU per request much less, so quote that one there.
#
#   bench/session-create-ratelimit.sh            # uses service/target/jarvis-ingress.jar (built if missing)
#   BASELINE_JAR=/tmp/old.jar bench/session-create-ratelimit.sh
#                                                # also runs an older build with the limiter on, in the same rounds
#   EXACT=1 bench/session-create-ratelimit.sh    # also runs the limiter with RATE_LIMIT_LEASES=false (one Redis
#                                                # call per request), in the same rounds
#
# Needs: java 17+, wrk (apt-get install -y wrk), curl, jq, psql; PostgreSQL on 127.0.0.1:5432 (user postgres,
# database "test" to create others from) and Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${PG_HOST:-127.0.0.1} PG_PORT=${PG_PORT:-5432} PG_USER=${PG_USER:-postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
PORT=${BENCH_PORT:-3990}
THREADS=2 CONNECTIONS=16 WARMUP=${BENCH_WARMUP:-30s} DURATION=${BENCH_DURATION:-20s} RUNS=${BENCH_RUNS:-3}
JAR=service/target/jarvis-ingress.jar
BASELINE_JAR=${BASELINE_JAR:-}
LUA=bench/wrk/session-create.lua
LOG_DIR=${LOG_DIR:-$(mktemp -d /tmp/bench-ratelimit.XXXXXX)}
mkdir -p "$LOG_DIR"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || mvn -B -q -o -DskipTests -pl service -am package

PIDS=()
DBS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for db in "${DBS[@]}"; do psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d test -c "DROP DATABASE $db" || true; done
}
trap cleanup EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# start_service <label> <port> <RATE_LIMIT_ENABLED> [jar] [RATE_LIMIT_LEASES]: a fresh database each, so all start
# from an empty table.
start_service() {
  local label=$1 port=$2 enabled=$3 jar=${4:-$JAR} leases=${5:-true}
  local db="ingress_bench_${label}_$(date +%s)_$$"
  psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d test -c "CREATE DATABASE $db"
  DBS+=("$db")
  DATABASE_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$db" REDIS_URL="$REDIS_URL" NODE_ENV=test LOG_LEVEL=warn \
    JWT_SECRET=bench-secret-0123456789abcdef0123456789 PORT=$port GRPC_PORT=0 STUN_PORT=0 RTC_MIN_PORT=0 RTC_MAX_PORT=0 \
    RATE_LIMIT_ENABLED=$enabled RATE_LIMIT_LEASES=$leases RATE_LIMIT_KEY_PREFIX="bench-$$-$(date +%s):" \
    RATE_LIMIT_USER_PER_MIN=1000000 RATE_LIMIT_SESSION_CREATE_PER_MIN=1000000 RATE_LIMIT_REGISTER_PER_MIN=1000000 \
    java -jar "$jar" >"$LOG_DIR/$label.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$label=$!"
  for _ in $(seq 1 1200); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "service $label did not start; see $LOG_DIR/$label.log" >&2
  exit 1
}

token() {
  curl -fs -X POST "http://127.0.0.1:$1/api/auth/register" -H 'Content-Type: application/json' \
    -d "{\"deviceIdentifier\":\"bench-$1-$$\"}" | jq -r .accessToken
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# drive <label> <port> <token> <duration> <output>: one wrk run; prints req/s, and writes the service's CPU ms
# per request to <output>.cpu.
drive() {
  local pid t0 t1
  pid=$(eval echo \$PID_$1)
  t0=$(ticks "$pid")
  TOKEN=$3 wrk -t$THREADS -c$CONNECTIONS -d$4 --latency -s "$LUA" "http://127.0.0.1:$2/api/session/create" >"$5"
  t1=$(ticks "$pid")
  awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" '/requests in/ {printf "%.3f\n", 1000 * (b - a) / hz / $1}' \
    "$5" >"$5.cpu"
  awk '/^Requests\/sec:/ {print $2}' "$5"
}

# Both services run side by side and the runs alternate, so load from anything else on the machine hits both alike.
start_service off $PORT false
start_service on $((PORT + 1)) true
TOKEN_OFF=$(token $PORT)
TOKEN_ON=$(token $((PORT + 1)))
echo "limiter on, first response: $(curl -s -o /dev/null -D - -X POST "http://127.0.0.1:$((PORT + 1))/api/session/create" \
  -H "Authorization: Bearer $TOKEN_ON" -H 'Content-Type: application/json' -d '{}' | grep -i '^ratelimit:' | tr -d '\r')"
LABELS="off on"
if [ -n "$BASELINE_JAR" ]; then
  start_service before $((PORT + 2)) true "$BASELINE_JAR"
  TOKEN_BEFORE=$(token $((PORT + 2)))
  drive before $((PORT + 2)) "$TOKEN_BEFORE" $WARMUP "$LOG_DIR/before-warmup.txt" >/dev/null
  LABELS="off on before"
fi
if [ "${EXACT:-0}" = 1 ]; then
  start_service exact $((PORT + 3)) true "$JAR" false
  TOKEN_EXACT=$(token $((PORT + 3)))
  drive exact $((PORT + 3)) "$TOKEN_EXACT" $WARMUP "$LOG_DIR/exact-warmup.txt" >/dev/null
  LABELS="$LABELS exact"
fi
drive off $PORT "$TOKEN_OFF" $WARMUP "$LOG_DIR/off-warmup.txt" >/dev/null
drive on $((PORT + 1)) "$TOKEN_ON" $WARMUP "$LOG_DIR/on-warmup.txt" >/dev/null
OFF=() ON=() BEFORE=() EXACTS=()
for i in $(seq 1 $RUNS); do
  OFF+=("$(drive off $PORT "$TOKEN_OFF" $DURATION "$LOG_DIR/off-$i.txt")")
  ON+=("$(drive on $((PORT + 1)) "$TOKEN_ON" $DURATION "$LOG_DIR/on-$i.txt")")
  if [ -n "$BASELINE_JAR" ]; then
    BEFORE+=("$(drive before $((PORT + 2)) "$TOKEN_BEFORE" $DURATION "$LOG_DIR/before-$i.txt")")
  fi
  if [ "${EXACT:-0}" = 1 ]; then
    EXACTS+=("$(drive exact $((PORT + 3)) "$TOKEN_EXACT" $DURATION "$LOG_DIR/exact-$i.txt")")
  fi
  for label in $LABELS; do
    f="$LOG_DIR/$label-$i.txt"
    echo "run $i $label: $(awk '/^Requests\/sec:/ {print $2}' "$f") req/s, CPU $(cat "$f.cpu") ms/request, p50 $(awk '$1 == "50%" {print $2}' "$f"), p99 $(awk '$1 == "99%" {print $2}' "$f"), non-2xx $(awk '/Non-2xx/ {print $5}' "$f" | grep . || echo 0)"
  done
done
if grep -q "Redis unavailable for rate limits" "$LOG_DIR/on.log"; then
  echo "WARNING: the limiter timed out on Redis and fell back to in-process buckets at times ($(grep -c 'Redis unavailable for rate limits' "$LOG_DIR/on.log") times; see $LOG_DIR/on.log)"
fi
off=$(printf '%s\n' "${OFF[@]}" | median)
on=$(printf '%s\n' "${ON[@]}" | median)
echo
paired=$(for i in $(seq 0 $((RUNS - 1))); do awk -v a="${ON[$i]}" -v b="${OFF[$i]}" 'BEGIN {printf "%.3f\n", a / b}'; done)
echo "median req/s  limiter off: $off  limiter on: $on  ratio on/off: $(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.3f", a / b}')"
echo "per-run ratios on/off (each pair back to back): $(echo $paired)  median: $(echo "$paired" | median)"
cpu_median() { for i in $(seq 1 $RUNS); do cat "$LOG_DIR/$1-$i.txt.cpu"; done | median; }
echo "median service CPU per request (ms)  limiter off: $(cpu_median off)  limiter on: $(cpu_median on)  ratio on/off: $(awk -v a="$(cpu_median on)" -v b="$(cpu_median off)" 'BEGIN {printf "%.3f", a / b}')${BASELINE_JAR:+  baseline build (on): $(cpu_median before)}"
if [ -n "$BASELINE_JAR" ]; then
  before=$(printf '%s\n' "${BEFORE[@]}" | median)
  echo "baseline build, limiter on: median $before req/s, ratio before/off: $(awk -v a="$before" -v b="$off" 'BEGIN {printf "%.3f", a / b}')"
fi
if [ "${EXACT:-0}" = 1 ]; then
  exact=$(printf '%s\n' "${EXACTS[@]}" | median)
  paired_exact=$(for i in $(seq 0 $((RUNS - 1))); do awk -v a="${EXACTS[$i]}" -v b="${OFF[$i]}" 'BEGIN {printf "%.3f\n", a / b}'; done)
  echo "leases off (RATE_LIMIT_LEASES=false): median $exact req/s, ratio exact/off: $(awk -v a="$exact" -v b="$off" 'BEGIN {printf "%.3f", a / b}'), per-run: $(echo $paired_exact) median $(echo "$paired_exact" | median), CPU per request $(cpu_median exact) ms"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "raw wrk output and service logs: $LOG_DIR"
