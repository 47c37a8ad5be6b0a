#!/usr/bin/env bash
# The control plane against the original Node service, side by side in one run: register (fresh identifier), session
# create and cached session get, with the Node reference's own wrk script (its scripts/bench.sh: 5 s warm-up, 20 s
# measured, wrk -t2 -c50) run against each server in turn, round after round.
#
#   cp -r ../shared/reference/node-original /tmp/node-original && (cd /tmp/node-original && npm install)
#   psql -h 127.0.0.1 -U postgres -d test -c "CREATE ROLE noderef LOGIN PASSWORD 'noderef'"
#   psql -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE noderef OWNER noderef"
#   NODE_REF=/tmp/node-original ROUNDS=2 bench/control-plane-vs-node.sh
#
# Both log one line per request (Java: its JSON access log at LOG_LEVEL=info; Node: pino to stdout), to a file.
# The Java service runs with rate limiting ON (Redis buckets; limits far above the load, so every request is
# checked but none refused) and revocation checks on, against its own fresh PostgreSQL database and the local Redis.
# The Node reference has neither (its README says so). Output: the reference script's markdown rows per server and
# round; raw files under $OUT_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_REF=${NODE_REF:?set NODE_REF to a copy of shared/reference/node-original with npm install done}
ROUNDS=${ROUNDS:-2}
SCENARIOS=${SCENARIOS:-"register create get"}
JAVA_PORT=${JAVA_PORT:-3981} NODE_PORT=${NODE_PORT:-3982}
JAR=service/target/jarvis-ingress.jar
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/bench-vs-node.XXXXXX)}
SECRET=bench-secret-0123456789abcdef0123456789
[ -f "$JAR" ] || mvn -q -o -DskipTests package

PIDS=()
DB="ingress_vs_node_$(date +%s)"
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $DB" || true
}
trap cleanup EXIT

wait_up() {
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "server on $1 did not start" >&2; exit 1
}

psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $DB"
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379 NODE_ENV=test LOG_LEVEL=info \
  JWT_SECRET=$SECRET PORT=$JAVA_PORT GRPC_PORT=0 STUN_PORT=0 RTC_MIN_PORT=0 RTC_MAX_PORT=0 PGPOOL_MAX_INGRESS=10 \
  RATE_LIMIT_ENABLED=true RATE_LIMIT_KEY_PREFIX="bench-$$:" RATE_LIMIT_USER_PER_MIN=1000000 \
  RATE_LIMIT_SESSION_CREATE_PER_MIN=1000000 RATE_LIMIT_REGISTER_PER_MIN=1000000 \
  java -jar "$JAR" >"$OUT_DIR/java.log" 2>&1 &
PIDS+=($!)
JAVA_PID=$!
(cd "$NODE_REF" && NODE_ENV=production PORT=$NODE_PORT JWT_SECRET=$SECRET \
  DATABASE_URL=postgres://noderef:noderef@127.0.0.1:5432/noderef REDIS_URL=redis://127.0.0.1:6379 \
  node server.js >"$OUT_DIR/node.log" 2>&1) &
PIDS+=($!)
wait_up $JAVA_PORT
wait_up $NODE_PORT
NODE_PID=$(ss -Hltnp "sport = :$NODE_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)

for round in $(seq 1 "$ROUNDS"); do
  for server in node java; do
    if [ $server = node ]; then port=$NODE_PORT pid=$NODE_PID; else port=$JAVA_PORT pid=$JAVA_PID; fi
    echo "== round $round: $server"
    # shellcheck disable=SC2086
    BASE_URL=http://127.0.0.1:$port SERVER_PID=$pid OUT_DIR="$OUT_DIR/$server" "$NODE_REF/scripts/bench.sh" $SCENARIOS
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; raw output: $OUT_DIR"
