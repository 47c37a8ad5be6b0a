#!/usr/bin/env bash
# One real client's connect time: Debian Chromium + mediasoup-client (e2e/run-browser.mjs), one session at a time,
# against the service jar (fresh PostgreSQL database, local Redis, limits off). For each run the page records, from
# the transport/create request: transport/create's round trip, transport/connect's and producer/create's round
# trips, and when the transport reached 'connected' (ICE + DTLS done) — the issue's "transport/create to
# connected". Prints each run and the medians (the first RUNS_SKIP runs are JIT warm-up and not counted).
#
#   bash bench/chromium-connect.sh [runs=12]
# Env: WARM_ROUNDS (6 rounds of 50 load-generator clients before the browser runs), RUNS_SKIP (2), SERVICE_LOG_LEVEL (warn; info keeps the access log with each call's server-side durationMs), BENCH_PORT (3960), BENCH_RTC_PORT (40900), OUT_DIR, JAR (service/target/jarvis-ingress.jar).
# Needs: chromium, node with e2e/ built (npm ci && npm run build && sh make-tone.sh), PostgreSQL and Redis as in
# the other bench scripts, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-12}
SKIP=${RUNS_SKIP:-2}
PORT=${BENCH_PORT:-3960}
RTC_PORT=${BENCH_RTC_PORT:-40900}
JAR=${JAR:-service/target/jarvis-ingress.jar}
OUT_DIR=${OUT_DIR:-$(mktemp -d /tmp/bench-chromium-connect.XXXXXX)}
mkdir -p "$OUT_DIR"
[ -f "$JAR" ] || mvn -B -q -o -DskipTests -pl service -am package
[ -f e2e/dist/page.js ] || { echo "build e2e first: (cd e2e && npm ci && npm run build && sh make-tone.sh)" >&2; exit 1; }

DB="ingress_chromium_connect_$(date +%s)_$$"
PID=
cleanup() {
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $DB" || true
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $DB"
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379 NODE_ENV=test LOG_LEVEL=${SERVICE_LOG_LEVEL:-warn} \
  JWT_SECRET=bench-secret-0123456789abcdef0123456789 PORT=$PORT GRPC_PORT=0 STUN_PORT=0 RATE_LIMIT_ENABLED=false \
  MEDIASOUP_LISTEN_IP=127.0.0.1 RTC_MIN_PORT=$RTC_PORT RTC_MAX_PORT=$RTC_PORT DATA_DIR="$OUT_DIR/data" \
  java -jar "$JAR" >"$OUT_DIR/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { echo "service did not start: $OUT_DIR/service.log" >&2; exit 1; }

# Warm the JIT the way a running service is warm: the Java load generator's real clients (REST signalling, ICE,
# DTLS, SRTP) in rounds; a cold JVM's transport/create alone took ~25 ms here instead of ~3 ms.
[ -d bench/target/lib ] || mvn -B -q -o -pl bench -am -DskipTests package
for _ in $(seq 1 "${WARM_ROUNDS:-6}"); do
  java -Xmx512m -cp "bench/target/classes:bench/target/lib/*" com.jarvis.ingress.bench.loadgen.LoadGenerator \
    --url="http://127.0.0.1:$PORT" --sessions=50 --rate=25 --burst=10 --duration=2 --settle=1 --idle=0 \
    --wav=e2e/speech.wav --label=warm-up >>"$OUT_DIR/warm-up.log" 2>&1 || echo "(warm-up had failures: $OUT_DIR/warm-up.log)" >&2
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; results in $OUT_DIR"
for i in $(seq 1 "$RUNS"); do
  # E2E_PROXY=1: the page calls its own origin, which forwards to the service (no CORS preflight per call).
  E2E_PROXY=1 node e2e/run-browser.mjs "http://127.0.0.1:$PORT" --duration=1000 >"$OUT_DIR/run-$i.json" 2>"$OUT_DIR/run-$i.err" || true
  jq -r --arg i "$i" '"run \($i): ok=\(.ok) create \(.timings.transportCreateMs) ms, connect \(.timings.transportConnectMs) ms, produce \(.timings.producerCreateMs) ms (answered at \(.timings.producerAnsweredMs) ms), connected at \(.timings.connectedMs) ms"' \
    "$OUT_DIR/run-$i.json"
done
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for field in transportCreateMs transportConnectMs producerCreateMs producerAnsweredMs connectedMs; do
  echo "median $field (runs $((SKIP + 1))-$RUNS): $(for i in $(seq $((SKIP + 1)) "$RUNS"); do jq -r ".timings.$field // empty" "$OUT_DIR/run-$i.json"; done | median)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
