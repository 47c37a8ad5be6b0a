#!/usr/bin/env bash
# Data channel load: N wrtc sessions (default 40), each sending 50 messages/s of 640 bytes (20 ms of 16 kHz mono
# PCM) for 30 s on a produceData channel, against the service jar (embedded database, no Redis).
# Prints the service's CPU per session (process CPU seconds from /proc/<pid>/stat over session-seconds), for the
# whole run and for the steady middle (after set-up), and checks zero loss: every session's dataChunks must equal
# what its client sent. The Node clients run on the same machine: note `uptime` next to the figures.
# Needs: node (e2e/ prepared: npm ci), java 17+.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=service/target/jarvis-ingress.jar
PORT=${BENCH_PORT:-3950}
SESSIONS=${BENCH_SESSIONS:-40}
SECONDS_OF_AUDIO=${BENCH_SECONDS:-30}
INTERVAL=20
CHUNKS=$((SECONDS_OF_AUDIO * 1000 / INTERVAL))
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f "$JAR" ] || mvn -q -o -pl service -am package -DskipTests
[ -d e2e/node_modules/mediasoup-client ] || (cd e2e && npm ci --no-audit --no-fund)

(cd "$WORK" && PORT=$PORT GRPC_PORT=0 RATE_LIMIT_ENABLED=false STUN_PORT=0 RTC_MIN_PORT=0 RTC_MAX_PORT=0 MEDIASOUP_LISTEN_IP=127.0.0.1 LOG_LEVEL=warn \
  JWT_SECRET=bench-secret-0123456789abcdef0123456789 RATE_LIMIT_REGISTER_PER_MIN=1000000 \
  RATE_LIMIT_USER_PER_MIN=1000000 RATE_LIMIT_SESSION_CREATE_PER_MIN=1000000 RATE_LIMIT_WEBRTC_PER_MIN=1000000 \
  exec java -jar "$OLDPWD/$JAR" > service.log 2>&1) &
PID=$!
for _ in $(seq 240); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
JAVA_PID=$(pgrep -P $PID java || echo $PID)

HZ=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$JAVA_PID/stat"; }

echo "machine before: $(uptime)"
START=$(cpu); T0=$(date +%s.%N)
(cd e2e && node run-node.mjs "$SESSIONS" "http://127.0.0.1:$PORT" --mode=data --chunks="$CHUNKS" \
  --interval="$INTERVAL" --keep-session > "$WORK/results.jsonl" 2> "$WORK/node.log") &
NODE=$!
sleep 10; MID1=$(cpu); TM1=$(date +%s.%N)
sleep $((SECONDS_OF_AUDIO - 15)); MID2=$(cpu); TM2=$(date +%s.%N)
echo "machine during: $(uptime)"
wait $NODE || true
END=$(cpu); T1=$(date +%s.%N)
tail -1 "$WORK/node.log"

python3 - "$WORK/results.jsonl" "$PORT" "$CHUNKS" "$SESSIONS" "$HZ" "$START" "$END" "$T0" "$T1" "$MID1" "$MID2" "$TM1" "$TM2" <<'PY'
import json, sys, urllib.request
path, port, chunks, sessions, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
start, end, t0, t1, m1, m2, tm1, tm2 = map(float, sys.argv[6:14])
results = [json.loads(l) for l in open(path) if l.startswith('{')]
ok = sum(1 for r in results if r['ok'])
sent = received = 0
lossy = []
for r in results:
    s = sum(c['sent'] for c in r['channels'])
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/session/{r['sessionId']}",
                                 headers={'Authorization': 'Bearer ' + r['accessToken']})
    stats = json.load(urllib.request.urlopen(req))['stats']
    sent += s
    received += stats['dataChunks']
    if stats['dataChunks'] != s or s != chunks:
        lossy.append((r['sessionId'], s, stats['dataChunks']))
total_cpu = (end - start) / hz
steady_cpu = (m2 - m1) / hz
print(f"sessions ok: {ok}/{sessions}; chunks sent {sent}, received {received}, sessions with loss: {len(lossy)} {lossy[:3]}")
print(f"whole run: {total_cpu:.2f} CPU s over {t1 - t0:.1f} s wall = {total_cpu / (t1 - t0) * 100:.1f} % of one core; "
      f"{total_cpu / (sessions * (t1 - t0)) * 1000:.2f} ms CPU per session-second (incl. set-up)")
print(f"steady ({tm2 - tm1:.1f} s of streaming): {steady_cpu / (tm2 - tm1) * 100:.1f} % of one core; "
      f"{steady_cpu / (sessions * (tm2 - tm1)) * 1000:.2f} ms CPU per session-second")
sys.exit(0 if ok == sessions and not lossy else 1)
PY
