#!/usr/bin/env bash
# Where the control plane's CPU goes: starts the service jar with JFR's "profile" settings, rate limiting ON
# (Redis buckets, limits far above the load) and revocation checks on, LOG_LEVEL=info (JSON access log to a
# file), and for each scenario (register, create, get — the Node reference's wrk script, -t2 -c50) runs a warm-up,
# then records JFR for a measured window and prints the execution samples aggregated by package group:
# "self" (the top frame) and "on stack" (any frame; a sample counts once per group).
#
#   bench/profile-control-plane.sh                       # service/target/jarvis-ingress.jar (built if missing)
#   JAR=/tmp/speed-base.jar bench/profile-control-plane.sh register
#
# Env: NODE_REF (a copy of shared/reference/node-original, for its scripts/bench.lua; default /tmp/node-original),
#   WARMUP (30 s), DURATION (20 s), OUT_DIR. Needs java 17+ with jfr, wrk, curl, psql, python3; PostgreSQL on
#   127.0.0.1:5432 (user postgres, database test) and Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_REF=${NODE_REF:-/tmp/node-original}
JAR=${JAR:-service/target/jarvis-ingress.jar}
WARMUP=${WARMUP:-30} DURATION=${DURATION:-20} PORT=${PORT:-3983}
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/bench-profile.XXXXXX)}
mkdir -p "$OUT_DIR"
SCENARIOS=("$@"); [ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(register create get)
[ -f "$JAR" ] || mvn -B -q -o -DskipTests -pl service -am package
LUA="$NODE_REF/scripts/bench.lua"
[ -f "$LUA" ] || { echo "NODE_REF=$NODE_REF has no scripts/bench.lua" >&2; exit 1; }

DB="ingress_profile_$(date +%s)_$$"
PID=
cleanup() {
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $DB" || true
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $DB"
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379 NODE_ENV=test LOG_LEVEL=info \
  JWT_SECRET=bench-secret-0123456789abcdef0123456789 PORT=$PORT GRPC_PORT=0 STUN_PORT=0 RTC_MIN_PORT=0 RTC_MAX_PORT=0 \
  PGPOOL_MAX_INGRESS=10 RATE_LIMIT_ENABLED=true RATE_LIMIT_KEY_PREFIX="profile-$$:" RATE_LIMIT_USER_PER_MIN=1000000 \
  RATE_LIMIT_SESSION_CREATE_PER_MIN=1000000 RATE_LIMIT_REGISTER_PER_MIN=1000000 \
  java -jar "$JAR" >"$OUT_DIR/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
BASE=http://127.0.0.1:$PORT
TOKEN=$(curl -fs -X POST "$BASE/api/auth/register" -H 'Content-Type: application/json' \
  -d "{\"deviceIdentifier\":\"profile-$$\"}" | sed -E 's/.*"accessToken":"([^"]*)".*/\1/')
SESSION_ID=$(curl -fs -X POST "$BASE/api/session/create" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{}' | sed -E 's/.*"sessionId":"([^"]*)".*/\1/')
export TOKEN SESSION_ID

for sc in "${SCENARIOS[@]}"; do
  MODE=$sc wrk -t2 -c50 -d"${WARMUP}s" -s "$LUA" "$BASE" >/dev/null
  jcmd "$PID" JFR.start name="$sc" settings=profile filename="$OUT_DIR/$sc.jfr" >/dev/null
  MODE=$sc wrk -t2 -c50 -d"${DURATION}s" -s "$LUA" "$BASE" | grep '^RESULT' | sed "s/^/$sc: /"
  jcmd "$PID" JFR.stop name="$sc" >/dev/null
  jfr print --events jdk.ExecutionSample --stack-depth 200 "$OUT_DIR/$sc.jfr" >"$OUT_DIR/$sc.samples.txt"
  echo "== $sc: $(cut -d' ' -f1-3 /proc/loadavg) load average"
  python3 bench/jfr-packages.py <"$OUT_DIR/$sc.samples.txt"
done
echo "JFR recordings and service log: $OUT_DIR"
