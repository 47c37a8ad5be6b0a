#!/usr/bin/env bash
# CPU per session added by ASR forwarding, and the send delay (frame complete -> written to the gateway stream),
# under real libwebrtc clients (@roamhq/wrtc + mediasoup-client, e2e/) streaming a 440 Hz Opus tone.
# For each configuration the built service jar runs against a fresh PostgreSQL database and the local Redis:
#   sink  no ASR_GATEWAY_URL: the embedded WAV sink takes the audio (the default)
#   pcm   ASR_GATEWAY_URL -> the test gateway (AsrBenchGateway from the service's test classes), decoded PCM
#   opus  the same with ASR_AUDIO_ENCODING=opus: RTP not decoded at all
# and N sessions stream for D seconds; measured on the service process:
#   CPU:   utime+stime from /proc/<pid>/stat over a steady window / (N x window)  -> % of one core per session
#   delay: median and p99 of ingress_asr_send_delay_seconds over the same window (difference of two /metrics
#          snapshots; linear interpolation inside the histogram's buckets), frames = frames sent in the window
# Usage: bash bench/asr-forward-load.sh [sessions=20] [duration_seconds=30] [configs="sink pcm opus"]
# Needs: node + e2e/node_modules, PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
DURATION=${2:-30}
CONFIGS=${3:-"sink pcm opus"}
PORT=${BENCH_PORT:-3903}
RTC_PORT=${BENCH_RTC_PORT:-40200}
JAR=service/target/jarvis-ingress.jar
[ -f "$JAR" ] || mvn -q -o -DskipTests package
mvn -q -o -pl service -am test-compile
CP_FILE=$(mktemp)
mvn -q -o -pl service -am test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="service/target/test-classes:service/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
GW_LOG=$(mktemp)
java -cp "$CP" com.jarvis.ingress.asr.AsrBenchGateway >"$GW_LOG" 2>&1 &
GW=$!
PID=
DB=
cleanup() {
  local rc=$?
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  kill "$GW" 2>/dev/null || true
  wait "$GW" 2>/dev/null || true
  [ -n "$DB" ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" >/dev/null || true
  rm -f "$GW_LOG"
  exit "$rc"
}
trap cleanup EXIT
for _ in $(seq 1 120); do grep -q '^port ' "$GW_LOG" && break; sleep 0.5; done
GW_PORT=$(awk '/^port / {print $2; exit}' "$GW_LOG")
TICK=$(getconf CLK_TCK)
BASE="http://127.0.0.1:$PORT"

buckets() { curl -sf "$BASE/metrics" | grep '^ingress_asr_send_delay_seconds_bucket' || true; }
quantiles() { # $1, $2 = bucket snapshots at the start and end of the window: "median p99 frames" (ms) of the window
  node -e '
    const parse = (f) => new Map(require("fs").readFileSync(f, "utf8").split("\n").filter(Boolean)
      .map(l => [l.includes("+Inf") ? Infinity : Number(l.match(/le="([^"]+)"/)[1]), Number(l.split(" ").pop())]));
    const a = parse(process.argv[1]), z = parse(process.argv[2]);
    const b = [...z.entries()].map(([le, c]) => [le, c - (a.get(le) || 0)]).sort((x, y) => x[0] - y[0]);
    const total = b.length ? b[b.length - 1][1] : 0;
    const q = (p) => { const want = p * total; let lo = 0, prev = 0;
      for (const [le, c] of b) { if (c >= want) { if (le === Infinity) return lo * 1000;
        return (lo + (le - lo) * (c === prev ? 0 : (want - prev) / (c - prev))) * 1000; } lo = le; prev = c; } return NaN; };
    console.log(total ? `${q(0.5).toFixed(2)} ${q(0.99).toFixed(2)} ${total}` : "- - 0");' "$1" "$2"
}

printf '%-6s %-9s %-22s %-18s %-16s %s\n' config sessions "cpu/session(% core)" "delay p50/p99(ms)" "loadavg(1m)" frames
for C in $CONFIGS; do
  DB="ingress_asrbench_$(date +%s)"
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $DB" >/dev/null
  ENVS=(PORT=$PORT GRPC_PORT=0 RATE_LIMIT_ENABLED=false DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB"
    REDIS_URL=redis://127.0.0.1:6379 JWT_SECRET=bench-secret-bench-secret-bench-secret LOG_LEVEL=warn
    MEDIASOUP_LISTEN_IP=127.0.0.1 STUN_PORT=0 RTC_MIN_PORT=$RTC_PORT RTC_MAX_PORT=$RTC_PORT DATA_DIR="$(mktemp -d)")
  case $C in
    pcm) ENVS+=(ASR_GATEWAY_URL=grpc://127.0.0.1:$GW_PORT ASR_AUDIO_ENCODING=pcm) ;;
    opus) ENVS+=(ASR_GATEWAY_URL=grpc://127.0.0.1:$GW_PORT ASR_AUDIO_ENCODING=opus) ;;
  esac
  env "${ENVS[@]}" java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >/dev/null 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.5; done
  # warm-up, then the measured run
  (cd e2e && node run-node.mjs "$N" "$BASE" --duration=15000 --ramp=2000 >/dev/null 2>&1) || true
  sleep 3
  (cd e2e && node run-node.mjs "$N" "$BASE" --duration=$((DURATION * 1000)) --ramp=2000 >/dev/null 2>&1) &
  NODE=$!
  WINDOW=$((DURATION - 7))
  sleep 10
  B0=$(mktemp); B1=$(mktemp)
  buckets >"$B0"
  T0=$(awk '{print $14 + $15}' "/proc/$PID/stat"); L0=$(awk '{print $1}' /proc/loadavg)
  sleep "$WINDOW"
  T1=$(awk '{print $14 + $15}' "/proc/$PID/stat"); L1=$(awk '{print $1}' /proc/loadavg)
  buckets >"$B1"
  wait $NODE || true
  read -r P50 P99 FRAMES <<<"$(quantiles "$B0" "$B1")"
  rm -f "$B0" "$B1"
  CPU_PCT=$(awk -v d=$((T1 - T0)) -v t="$TICK" -v n="$N" -v w="$WINDOW" 'BEGIN {printf "%.3f", 100 * d / t / (n * w)}')
  printf '%-6s %-9s %-22s %-18s %-16s %s\n' "$C" "$N" "$CPU_PCT" "$P50 / $P99" "$L0 -> $L1" "$FRAMES"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" >/dev/null; DB=
done
