# Sourced by bench/chromium-connect.sh and bench/chromium-connect-vs-mediasoup.sh (run from the repository root):
# start the service jar against a fresh PostgreSQL database, warm it with the Java load generator, run one
# Chromium + mediasoup-client session (e2e/run-browser.mjs) and summarise the page's connect timings.
# Callers call cc_setup, then set `trap cc_cleanup EXIT`.

# The page's connect timings (ms from the transport/create request; see runSession in e2e/src/session.js).
CC_FIELDS="transportCreateMs transportConnectMs producerCreateMs producerAnsweredMs connectedMs"
CC_PIDS=()
CC_DBS=()

# cc_setup NAME: the settings both scripts share (BENCH_PORT, BENCH_RTC_PORT, JAR, OUT_DIR: a fresh
# /tmp/bench-NAME.* unless set) and the e2e bundle check.
cc_setup() {
  PORT=${BENCH_PORT:-3960}
  RTC_PORT=${BENCH_RTC_PORT:-40900}
  JAR=${JAR:-service/target/jarvis-ingress.jar}
  OUT_DIR=${OUT_DIR:-$(mktemp -d "/tmp/bench-$1.XXXXXX")}
  mkdir -p "$OUT_DIR"
  [ -f e2e/dist/page.js ] || { echo "build e2e first: (cd e2e && npm ci && npm run build && sh make-tone.sh)" >&2; exit 1; }
}

cc_cleanup() {
  local pid db
  for pid in "${CC_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for db in "${CC_DBS[@]}"; do psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $db" || true; done
}

# cc_wait_health URL LOG: waits up to 2 minutes for URL/health.
cc_wait_health() {
  for _ in $(seq 1 240); do curl -fs "$1/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "no answer from $1/health: see $2" >&2
  exit 1
}

# cc_start_service PORT RTC_PORT: the jar with limits off, local Redis, its own database; log in $OUT_DIR/service.log.
cc_start_service() {
  local port=$1 rtc_port=$2 db
  [ -f "$JAR" ] || mvn -B -q -o -DskipTests -pl service -am package
  db="ingress_chromium_connect_$(date +%s)_$$"
  psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $db"
  CC_DBS+=("$db")
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" REDIS_URL=redis://127.0.0.1:6379 NODE_ENV=test LOG_LEVEL=${SERVICE_LOG_LEVEL:-warn} \
    JWT_SECRET=bench-secret-0123456789abcdef0123456789 PORT=$port GRPC_PORT=0 STUN_PORT=0 RATE_LIMIT_ENABLED=false \
    MEDIASOUP_LISTEN_IP=127.0.0.1 RTC_MIN_PORT=$rtc_port RTC_MAX_PORT=$rtc_port DATA_DIR="$OUT_DIR/data" \
    java -jar "$JAR" >"$OUT_DIR/service.log" 2>&1 &
  CC_PIDS+=($!)
  cc_wait_health "http://127.0.0.1:$port" "$OUT_DIR/service.log"
}

# cc_warm_service PORT: warms the JIT the way a running service is warm: the Java load generator's real clients
# (REST signalling, ICE, DTLS, SRTP) in WARM_ROUNDS (4) rounds of WARM_SESSIONS (250) — a cold JVM's
# transport/create alone took ~25 ms here instead of ~3 ms, and BouncyCastle's server side of a handshake takes
# 1.7-2.5 ms of CPU for a JVM's first few hundred handshakes against 0.5 ms after ~1,000 (DtlsHandshakeCpu) — then
# cc_warm_signalling: 300 sessions left C2 still compiling the REST path.
cc_warm_service() {
  [ -d bench/target/lib ] || mvn -B -q -o -pl bench -am -DskipTests package
  for _ in $(seq 1 "${WARM_ROUNDS:-4}"); do
    java -Xmx512m -cp "bench/target/classes:bench/target/lib/*" com.jarvis.ingress.bench.loadgen.LoadGenerator \
      --url="http://127.0.0.1:$1" --sessions="${WARM_SESSIONS:-250}" --rate=50 --burst=10 --duration=2 --settle=1 --idle=0 \
      --wav=e2e/speech.wav --label=warm-up >>"$OUT_DIR/warm-up.log" 2>&1 || echo "(warm-up had failures: $OUT_DIR/warm-up.log)" >&2
  done
  cc_warm_signalling "http://127.0.0.1:$1"
}

# cc_warm_signalling BASE_URL: WARM_SEQUENCES (3000) times the page's REST sequence without media
# (bench/warm-signalling.mjs); 0 skips it.
cc_warm_signalling() {
  [ "${WARM_SEQUENCES:-3000}" -gt 0 ] || return 0
  node bench/warm-signalling.mjs "$1" "${WARM_SEQUENCES:-3000}" >>"$OUT_DIR/warm-up.log" 2>&1 || echo "(signalling warm-up failed: $OUT_DIR/warm-up.log)" >&2
}

# cc_browser_run BASE_URL NAME: one session, result JSON in $OUT_DIR/NAME.json, the page's stderr in NAME.err.
# E2E_PROXY=1: the page calls its own origin, which forwards to BASE_URL (no CORS preflight per call).
cc_browser_run() {
  E2E_PROXY=1 node e2e/run-browser.mjs "$1" --duration=1000 >"$OUT_DIR/$2.json" 2>"$OUT_DIR/$2.err" || true
}

# cc_print_run LABEL FILE: one line with the run's timings.
cc_print_run() {
  jq -r --arg l "$1" '"\($l): ok=\(.ok) create \(.timings.transportCreateMs) ms, connect \(.timings.transportConnectMs) ms, produce \(.timings.producerCreateMs) ms (answered at \(.timings.producerAnsweredMs) ms), connected at \(.timings.connectedMs) ms"' "$2"
}

# Median of the numbers on stdin, one a line ("n/a" when none).
cc_median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# cc_field_median FIELD FILE...: the median of .timings.FIELD over the result files (failed runs' missing fields skipped).
cc_field_median() {
  local field=$1 f
  shift
  for f in "$@"; do jq -r ".timings.$field // empty" "$f"; done | cc_median
}
