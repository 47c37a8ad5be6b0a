#!/usr/bin/env bash
# The control plane against the original Node service, side by side in one run: register (fresh identifier each
# request), session create and cached session get, driven by the Node reference's own wrk script
# (scripts/bench.lua, wrk -t2 -c50), against each server in turn, round after round.
#
# One-time setup (the Node reference, its PostgreSQL role and database):
#   cp -r ../shared/reference/node-original /tmp/node-original && (cd /tmp/node-original && npm install)
#   psql -h 127.0.0.1 -U postgres -d test -c "CREATE ROLE noderef LOGIN PASSWORD 'noderef'"
#   psql -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE noderef OWNER noderef"
# Run (builds nothing if the jar exists; otherwise builds the service jar once):
#   NODE_REF=/tmp/node-original bench/control-plane-vs-node.sh
#   NODE_REF=/tmp/node-original BASELINE_JAR=/tmp/old.jar bench/control-plane-vs-node.sh   # + an older build
#
# Env (defaults): NODE_REF (required), JAR (service/target/jarvis-ingress.jar), BASELINE_JAR (none: a third
#   server, an older build of the service, run the same way), ROUNDS (5), DURATION (20 s measured per run),
#   WARMUP (30 s per scenario and server, once before round 1), RUN_WARMUP (5 s before every measured run, as the
#   reference's script does), SCENARIOS ("register create get"), CONNECTIONS (50), THREADS (2), OUT_DIR.
#
# Every server is warmed up the same way; within a round the order of the servers alternates (odd rounds Node
# first, even rounds Node last) so that drifting load elsewhere on the machine hits them alike.
#
# The service runs with rate limiting ON (Redis buckets; limits far above the load, so every request is checked
# but none refused) and revocation checks on, against its own fresh PostgreSQL database and the local Redis, with
# its JSON access log (LOG_LEVEL=info) to a file. The Node reference has neither limiter nor revocation check (its
# README says so) and logs one pino line per request to a file.
#
# Output: one line per measured run, then a summary per scenario: median req/s, and median server CPU per request
# (utime+stime of the server process from /proc/<pid>/stat over the measured window, divided by the requests
# served; "CPU ms per request" = CPU seconds per 1000 requests), with the Java/Node ratios of the medians.
# Req/s depends on everything else running on the machine (wrk, PostgreSQL and Redis share its cores); CPU per
# request does not, much: it is the figure to quote when the machine is shared.
#
# Needs: java 17+, node 20, wrk, curl, psql, ss; PostgreSQL on 127.0.0.1:5432 (user postgres, database test) and
# Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_REF=${NODE_REF:?set NODE_REF to a copy of shared/reference/node-original with npm install done}
JAR=${JAR:-service/target/jarvis-ingress.jar}
BASELINE_JAR=${BASELINE_JAR:-}
ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-20} WARMUP=${WARMUP:-30} RUN_WARMUP=${RUN_WARMUP:-5}
SCENARIOS=${SCENARIOS:-"register create get"}
CONNECTIONS=${CONNECTIONS:-50} THREADS=${THREADS:-2}
JAVA_PORT=${JAVA_PORT:-3981} NODE_PORT=${NODE_PORT:-3982} BASE_PORT=${BASE_PORT:-3984}
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/bench-vs-node.XXXXXX)}
SECRET=bench-secret-0123456789abcdef0123456789
LUA="$NODE_REF/scripts/bench.lua"
HZ=$(getconf CLK_TCK)
mkdir -p "$OUT_DIR"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$LUA" ] || { echo "$LUA not found: NODE_REF must be a copy of shared/reference/node-original" >&2; exit 1; }
[ -d "$NODE_REF/node_modules" ] || { echo "run npm install in $NODE_REF first" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  echo "building $JAR" >&2
  mvn -B -q -o -DskipTests -pl service -am package
fi

PIDS=()
DBS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for db in "${DBS[@]}"; do psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $db" || true; done
}
trap cleanup EXIT

wait_up() {
  for _ in $(seq 1 1200); do curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "server on port $1 did not start; logs in $OUT_DIR" >&2
  exit 1
}

# start_java <label> <port> <jar>: the service with its own fresh database.
start_java() {
  local db="ingress_vs_node_$1_$(date +%s)_$$"
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db"
  DBS+=("$db")
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" REDIS_URL=redis://127.0.0.1:6379 NODE_ENV=test \
    LOG_LEVEL=info JWT_SECRET=$SECRET PORT=$2 GRPC_PORT=0 STUN_PORT=0 RTC_MIN_PORT=0 RTC_MAX_PORT=0 PGPOOL_MAX_INGRESS=10 \
    RATE_LIMIT_ENABLED=true RATE_LIMIT_KEY_PREFIX="bench-$1-$$:" RATE_LIMIT_USER_PER_MIN=1000000 \
    RATE_LIMIT_SESSION_CREATE_PER_MIN=1000000 RATE_LIMIT_REGISTER_PER_MIN=1000000 \
    java -jar "$3" >"$OUT_DIR/$1.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$1=$!"
  eval "PORT_$1=$2"
}

start_java java $JAVA_PORT "$JAR"
SERVERS="node java"
if [ -n "$BASELINE_JAR" ]; then
  start_java base $BASE_PORT "$BASELINE_JAR"
  SERVERS="node java base"
fi
(cd "$NODE_REF" && NODE_ENV=production PORT=$NODE_PORT JWT_SECRET=$SECRET \
  DATABASE_URL=postgres://noderef:noderef@127.0.0.1:5432/noderef REDIS_URL=redis://127.0.0.1:6379 \
  exec node server.js >"$OUT_DIR/node.log" 2>&1) &
PIDS+=($!)
PID_node=$! PORT_node=$NODE_PORT
for s in $SERVERS; do eval "wait_up \$PORT_$s"; done

json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
jget() { echo "$1" | grep -o "\"$2\":[0-9.]*" | cut -d: -f2; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

SESSION_BODY='{"audioConfig":{"sampleRate":16000,"channels":1,"bitDepth":16,"codec":"opus"},"voiceConfig":{"voiceId":"default","speed":1.0,"pitch":1.0,"language":"en-US"},"metadata":{"clientVersion":"1.0.0"}}'
# fixtures <server>: one device's access token and one session, for create and the cached get. Retried: on a busy
# machine a server's first requests may time out on its fresh connections.
fixtures() {
  local base="http://127.0.0.1:$(eval echo \$PORT_$1)" reg="" token="" sess="" sid="" attempt
  for attempt in $(seq 1 10); do
    reg=$(curl -s -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
      -d "{\"deviceIdentifier\":\"bench-fixture-$1-$$-$attempt\"}" || true)
    token=$(echo "$reg" | json_field accessToken || true)
    if [ -n "$token" ]; then
      sess=$(curl -s -X POST "$base/api/session/create" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $token" -d "$SESSION_BODY" || true)
      sid=$(echo "$sess" | json_field sessionId || true)
      [ -n "$sid" ] && break
    fi
    sleep 3
  done
  [ -n "$sid" ] || { echo "fixtures failed on $1: $reg $sess" >&2; exit 1; }
  eval "TOKEN_$1=$token"
  eval "SESSION_$1=$sid"
}

# load <server> <scenario> <seconds> [--latency]: wrk with the reference's script; output on stdout.
load() {
  TOKEN=$(eval echo \$TOKEN_$1) SESSION_ID=$(eval echo \$SESSION_$1) MODE=$2 \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3s" --timeout 10s ${4:-} -s "$LUA" "http://127.0.0.1:$(eval echo \$PORT_$1)"
}

# measure <round> <server> <scenario>: one measured run; appends "scenario server rps cpu_ms_per_req" to results.
measure() {
  local pid raw r t0 t1 load_before requests rps cpu errs
  pid=$(eval echo \$PID_$2)
  raw="$OUT_DIR/r$1-$2-$3.txt"
  load "$2" "$3" "$RUN_WARMUP" >/dev/null
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(ticks "$pid")
  load "$2" "$3" "$DURATION" --latency >"$raw" 2>&1
  t1=$(ticks "$pid")
  r=$(grep '^RESULT ' "$raw" | sed 's/^RESULT //')
  requests=$(jget "$r" requests)
  rps=$(jget "$r" rps)
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v n="$requests" 'BEGIN {printf "%.3f", (n > 0) ? 1000 * (b - a) / hz / n : 0}')
  errs=$(( $(jget "$r" err_status) + $(jget "$r" err_connect) + $(jget "$r" err_read) + $(jget "$r" err_write) \
    + $(jget "$r" err_timeout) ))
  printf 'round %s %-8s %-5s %8.0f req/s  p50 %6s ms  p99 %7s ms  errors %s  server CPU %s ms/request (%s%% of a core)  load before %s\n' \
    "$1" "$3" "$2" "$rps" "$(jget "$r" p50_ms)" "$(jget "$r" p99_ms)" "$errs" "$cpu" \
    "$(awk -v c="$cpu" -v r="$rps" 'BEGIN {printf "%.0f", c * r / 10}')" "$load_before"
  echo "$3 $2 $rps $cpu" >>"$OUT_DIR/results.txt"
}

for s in $SERVERS; do fixtures "$s"; done
echo "servers up: $(for s in $SERVERS; do printf '%s pid %s  ' "$s" "$(eval echo \$PID_$s)"; done)"
echo "warm-up: ${WARMUP} s per scenario and server"
for sc in $SCENARIOS; do for s in $SERVERS; do load "$s" "$sc" "$WARMUP" >/dev/null; done; done
: >"$OUT_DIR/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  order=$SERVERS
  [ $((round % 2)) -eq 0 ] && order=$(echo "$SERVERS" | tr ' ' '\n' | tac | tr '\n' ' ')
  for sc in $SCENARIOS; do for s in $order; do measure "$round" "$s" "$sc"; done; done
done

echo
echo "Summary: medians of $ROUNDS runs of ${DURATION} s (wrk -t$THREADS -c$CONNECTIONS), rate limiting and revocation on (Java only)"
printf '| scenario | server | req/s (median) | server CPU ms per request (median) | Java/Node req/s | Node/Java CPU per request |\n'
printf '|---|---|---|---|---|---|\n'
for sc in $SCENARIOS; do
  node_rps=$(awk -v sc="$sc" '$1 == sc && $2 == "node" {print $3}' "$OUT_DIR/results.txt" | median)
  node_cpu=$(awk -v sc="$sc" '$1 == sc && $2 == "node" {print $4}' "$OUT_DIR/results.txt" | median)
  for s in $SERVERS; do
    rps=$(awk -v sc="$sc" -v s="$s" '$1 == sc && $2 == s {print $3}' "$OUT_DIR/results.txt" | median)
    cpu=$(awk -v sc="$sc" -v s="$s" '$1 == sc && $2 == s {print $4}' "$OUT_DIR/results.txt" | median)
    if [ "$s" = node ]; then
      printf '| %s | node | %.0f | %.3f | | |\n' "$sc" "$rps" "$cpu"
    else
      printf '| %s | %s | %.0f | %.3f | **%.2f×** | **%.2f×** |\n' "$sc" "$s" "$rps" "$cpu" \
        "$(awk -v a="$rps" -v b="$node_rps" 'BEGIN {print a / b}')" "$(awk -v a="$node_cpu" -v b="$cpu" 'BEGIN {print a / b}')"
    fi
  done
done
echo
echo "(\"java\" = $JAR${BASELINE_JAR:+, \"base\" = $BASELINE_JAR}; Node/Java CPU per request > 1 means Java spends less CPU per request)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; raw wrk output and logs: $OUT_DIR"
