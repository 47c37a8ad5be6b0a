#!/usr/bin/env bash
# Service CPU and heap per audio session under real libwebrtc clients (@roamhq/wrtc + mediasoup-client, e2e/).
# Starts the built service jar against a fresh PostgreSQL database and the local Redis, runs a warm-up, then for
# each N streams N concurrent 440 Hz Opus sessions from one Node process and measures the service process:
#   CPU:  utime+stime from /proc/<pid>/stat over a steady window while all N sessions stream,
#         divided by N x window seconds  -> CPU seconds per session-second (= fraction of one core per session)
#   heap: live heap (jcmd GC.run, then GC.heap_info "used") with N sessions streaming minus the same with none,
#         divided by N  -> heap per session (includes Opus decoder state and the transport's buffers)
# Usage: bash bench/webrtc-load.sh [sessions="20 40"] [duration_seconds=30]
#        HISTO=1 also prints the biggest classes of the live heap while the sessions stream.
# Needs: a built jar (mvn -q -o -DskipTests package), node + e2e/node_modules (cd e2e && npm ci),
#        PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379, jcmd.
# One wrtc client process saturates a core near 40 sessions: do not go higher with this client.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-"20 40"}
DURATION=${2:-30}
PORT=${BENCH_PORT:-3902}
RTC_PORT=${BENCH_RTC_PORT:-40100}
JAR=service/target/jarvis-ingress.jar
[ -f "$JAR" ] || mvn -q -o -DskipTests package
[ -d e2e/node_modules/@roamhq/wrtc ] || (cd e2e && npm ci --no-audit --no-fund)
DB="ingress_rtcbench_$(date +%s)"
psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $DB" >/dev/null
LOG=$(mktemp)
PORT=$PORT GRPC_PORT=0 RATE_LIMIT_ENABLED=false DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379 \
  JWT_SECRET=bench-secret-bench-secret-bench-secret LOG_LEVEL=warn \
  MEDIASOUP_LISTEN_IP=127.0.0.1 STUN_PORT=0 RTC_MIN_PORT=$RTC_PORT RTC_MAX_PORT=$RTC_PORT \
  java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
cleanup() {
  local rc=$?
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" >/dev/null || true
  rm -f "$LOG"
  exit "$rc"
}
trap cleanup EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { echo "service did not start:"; tail -20 "$LOG"; exit 1; }
BASE="http://127.0.0.1:$PORT"
TICK=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
live_heap_kb() { # used heap right after a full GC
  jcmd "$PID" GC.run >/dev/null
  jcmd "$PID" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K,?","",v); print v; exit}}'
}
load() { awk '{print $1}' /proc/loadavg; }
summarise() { # $1 = node output file: sessions ok and packets sent
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(l => l.startsWith("{"));
    const r = lines.map(JSON.parse);
    const ok = r.filter(x => x.ok).length;
    const sent = r.reduce((a, x) => a + (x.packetsSent || 0), 0);
    console.log(`${ok}/${r.length} sessions ok, ${sent} RTP packets sent`);
  ' "$1"
}

echo "service pid $PID on $BASE, media port $RTC_PORT; warm-up: 20 sessions x 20 s"
(cd e2e && node run-node.mjs 20 "$BASE" --duration=20000 --ramp=2000 >/dev/null 2>&1) || echo "(warm-up had failures)"
sleep 3

printf '%-9s %-13s %-22s %-18s %-16s %s\n' sessions "window(s)" "cpu/session(% core)" "heap/session(KB)" "loadavg(1m)" clients
for N in $SESSIONS; do
  sleep 3
  HEAP0=$(live_heap_kb)
  OUT=$(mktemp)
  (cd e2e && node run-node.mjs "$N" "$BASE" --duration=$((DURATION * 1000)) --ramp=2000 >"$OUT" 2>/dev/null) &
  NODE=$!
  # Steady window: from 10 s after launch (all connected) to 5 s before the streams stop.
  WINDOW=$((DURATION - 7))
  sleep 10
  T0=$(cpu_ticks); L0=$(load)
  sleep "$WINDOW"
  T1=$(cpu_ticks); L1=$(load)
  HEAP1=$(live_heap_kb)
  if [ -n "${HISTO:-}" ]; then jcmd "$PID" GC.class_histogram | head -18 >&2; fi
  wait $NODE || true
  CPU_PCT=$(awk -v d=$((T1 - T0)) -v t="$TICK" -v n="$N" -v w="$WINDOW" 'BEGIN {printf "%.3f", 100 * d / t / (n * w)}')
  HEAP_PER=$(awk -v a="$HEAP0" -v b="$HEAP1" -v n="$N" 'BEGIN {printf "%.0f", (b - a) / n}')
  printf '%-9s %-13s %-22s %-18s %-16s %s\n' "$N" "$WINDOW" "$CPU_PCT" "$HEAP_PER" "$L0 -> $L1" "$(summarise "$OUT")"
  rm -f "$OUT"
done
