#!/usr/bin/env bash
# The Java load generator (bench/src/main/java/.../loadgen) against one service instance: N real WebRTC clients
# from one process (REST signalling, ICE, DTLS 1.2, SRTP Opus at 50 packet/s with RTCP sender reports).
# For each mode the built service jar runs against a fresh PostgreSQL database and the local Redis:
#   opus  receive only: ASR_GATEWAY_URL -> a discarding test gateway with ASR_AUDIO_ENCODING=opus, so RTP is
#         authenticated, decrypted, counted and passed through undecoded
#   sink  with decoding: the default service (no gateway), every packet decoded and written by the WAV sink
#   pcm   with decoding, no disk: the test gateway with ASR_AUDIO_ENCODING=pcm (decoded, resampled, forwarded)
# then a 20-client, 30 s warm-up (JIT), then for each N one generator run that reports (one markdown row per run, JSON beside):
#   connect  transport/create -> ICE + DTLS connected, as the client sees it (p50/p95/max); the steps
#            (transport/create, transport/connect, ICE, DTLS, producer/create, data channel) in each run's log
#   chunks   with CHUNKS=opus|pcm: data-channel audio chunks sent vs the server's per-session dataChunks (run log, JSON)
#   loss     RTP packets the clients sent vs the sum of the server's per-session stats (GET /api/session/:id)
#   CPU      the service's utime+stime (/proc/PID/stat) over the streaming window / (N x window) -> % of one core
#   heap     live heap (jcmd GC.run + GC.heap_info) with N streaming, and with N connected but silent, minus before
# The service gets PGPOOL_MAX_INGRESS=10 and PG_CONN_TIMEOUT_MS=10000 so that 100 registrations at once queue for a
# connection instead of failing (the generator also retries register/session-create answered 429/503).
# Usage: bash bench/webrtc-loadgen.sh [sessions="100 500 1000"] [duration_seconds=30] [modes="opus sink"]
#        a sessions entry "20x1" is 20 clients connecting one at a time (2/s, burst 1): one client's connect time
# Env:   CHUNKS (off|opus|pcm, default off: each client also opens a DCEP data channel over SCTP/DTLS and sends a
#        20 ms audio chunk per tick, Opus packets or 16 kHz PCM; the session's codec follows), RTP (true|false,
#        default true; false = data-channel-only clients, no producer),
#        RATE (clients started per second; default: all at once up to 100 sessions, else 50/s), BURST (100),
#        OUT_DIR (JSON reports, generator and service logs; default a temp dir), BENCH_JAVA_OPTS (service JVM), LOADGEN_JAVA_OPTS,
#        IO_THREADS (the service's MEDIA_IO_THREADS: sockets and I/O threads on the media port; default nproc; in every
#        row's label as "io=N", so 1-thread and 2-thread runs can sit side by side),
#        SERVICE_LOG_LEVEL (warn; info keeps the access log, whose durationMs per route is the server's side of each step),
#        HISTO_DIR (the service's live class histogram before each run and with its sessions idle-connected,
#        <mode>-<N>-baseline.txt / -idle.txt: diff them to see what a session holds; bench/histo-diff.py prints the diff;
#        HISTO_DUMP=1 adds a heap dump beside each),
#        JFR_DIR (a JFR recording, settings=profile, of the service over each run's streaming window:
#        <mode>-<N>-io-<T>-window.jfr; summarise with bench/jfr-packages.py). Every run's log also has the service's
#        CPU over the window per thread group ("server CPU by thread": opus-decode-N, udp-io-N-N, GC Thread#N, ...,
#        each with its wake-ups per second),
#        CONNECT_WARM_ROUNDS (20 rounds of 50 clients connecting before the 30 s streaming warm-up: 1,000 connects, as
#        BouncyCastle's server side needs about that many to reach its steady cost per handshake),
#        LOADGEN_WARM_RUNS (whole runs of the same clients inside each measured generator JVM before its measured run:
#        default 40 for runs of up to 100 sessions (4,000 connects, about 3 minutes), 0 above; with 10 the generator's
#        own C2 compiler still takes a core from the service during the connect phase, and 100 at once measures the
#        two JITs, not the connect path: docs/benchmarks.md, "both JVMs past their JIT warm-up"),
#        SERVICE_JAR (default service/target/jarvis-ingress.jar: another build to compare against),
#        REGISTER (before: every client's device registers before its run's clients start, as devices register once and
#        then open sessions; burst: each client registers inside the burst, just before its session/create, which
#        loads the cores during the others' connects; the connect time starts at transport/create either way;
#        "before burst": one run of each per sessions entry, side by side in one service start),
#        MAX_PLAYBACK_RATE (auto: the clients encode their Opus as Chrome does for the maxplaybackrate of the server's
#        router capabilities, wideband at 20 kbit/s for 16000, fullband at 32 kbit/s when none; or a rate to force).
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379, jcmd, net.core.rmem_max >= 4 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-"100 500 1000"}
DURATION=${2:-30}
MODES=${3:-"opus sink"}
PORT=${BENCH_PORT:-3904}
RTC_PORT=${BENCH_RTC_PORT:-40300}
BURST=${BURST:-100}
IO_THREADS=${IO_THREADS:-$(nproc)}
OUT_DIR=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$OUT_DIR"
JAR=${SERVICE_JAR:-service/target/jarvis-ingress.jar}
[ -f "$JAR" ] && [ -d service/target/test-classes ] && [ -d bench/target/lib ] \
  || mvn -B -q -o -pl service,bench -am -DskipTests package
CP_FILE=$(mktemp)
mvn -B -q -o -pl service -am dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
GW_CP="service/target/test-classes:service/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
LOADGEN_CP="bench/target/classes:bench/target/lib/*"
RMEM=$(sysctl -n net.core.rmem_max 2>/dev/null || echo 0)
[ "$RMEM" -ge 4194304 ] || echo "warning: net.core.rmem_max=$RMEM; set it to 4194304 (docs/webrtc.md) or the kernel drops packets under load" >&2
ulimit -n 65536 2>/dev/null || true

GW_LOG=$(mktemp)
java -cp "$GW_CP" com.jarvis.ingress.asr.AsrBenchGateway >"$GW_LOG" 2>&1 &
GW=$!
PID=
DB=
DATA=
cleanup() {
  local rc=$?
  [ -n "$PID" ] && { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  kill "$GW" 2>/dev/null || true
  wait "$GW" 2>/dev/null || true
  [ -n "$DB" ] && psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" >/dev/null || true
  [ -n "$DATA" ] && rm -rf "$DATA"
  rm -f "$GW_LOG"
  exit "$rc"
}
trap cleanup EXIT
for _ in $(seq 1 120); do grep -q '^port ' "$GW_LOG" && break; sleep 0.5; done
GW_PORT=$(awk '/^port / {print $2; exit}' "$GW_LOG")
[ -n "$GW_PORT" ] || { echo "test gateway did not start:"; cat "$GW_LOG"; exit 1; }
BASE="http://127.0.0.1:$PORT"

loadgen() { # $@: generator options
  java ${LOADGEN_JAVA_OPTS:--Xmx1g} -cp "$LOADGEN_CP" com.jarvis.ingress.bench.loadgen.LoadGenerator --url="$BASE" \
    --chunks="${CHUNKS:-off}" --rtp="${RTP:-true}" --max-playback-rate="${MAX_PLAYBACK_RATE:-auto}" "$@"
}

echo "reports: $OUT_DIR; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); MEDIA_IO_THREADS=$IO_THREADS"
loadgen --header
STATUS=0
for MODE in $MODES; do
  DB="ingress_loadgen_$(date +%s)"
  DATA=$(mktemp -d)
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE DATABASE $DB" >/dev/null
  ENVS=(PORT=$PORT GRPC_PORT=0 STUN_PORT=0 RATE_LIMIT_ENABLED=false DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB"
    REDIS_URL=redis://127.0.0.1:6379 JWT_SECRET=bench-secret-bench-secret-bench-secret LOG_LEVEL=${SERVICE_LOG_LEVEL:-warn}
    MEDIASOUP_LISTEN_IP=127.0.0.1 RTC_MIN_PORT=$RTC_PORT RTC_MAX_PORT=$RTC_PORT RTC_MAX_TRANSPORTS=5000
    ASR_MAX_SESSIONS=5000 PGPOOL_MAX_INGRESS=10 PG_CONN_TIMEOUT_MS=10000 DATA_DIR="$DATA" MEDIA_IO_THREADS="$IO_THREADS")
  case $MODE in
    opus) ENVS+=(ASR_GATEWAY_URL=grpc://127.0.0.1:$GW_PORT ASR_AUDIO_ENCODING=opus) ;;
    pcm) ENVS+=(ASR_GATEWAY_URL=grpc://127.0.0.1:$GW_PORT ASR_AUDIO_ENCODING=pcm) ;;
    sink) ;;
    *) echo "unknown mode $MODE (opus, sink, pcm)"; exit 2 ;;
  esac
  env "${ENVS[@]}" java ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$OUT_DIR/$MODE-service.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.5; done
  curl -sf "$BASE/health" >/dev/null || { echo "service did not start:"; tail -20 "$OUT_DIR/$MODE-service.log"; exit 1; }
  # Connect warm-up first (the server's DTLS handshake and signalling code JIT-compiled, as in a running service:
  # 20 handshakes left the first 100-client burst paying for cold code), then the streaming warm-up.
  for _ in $(seq 1 "${CONNECT_WARM_ROUNDS:-20}"); do
    loadgen --sessions=50 --rate=25 --burst=10 --duration=2 --settle=1 --idle=0 --wav=e2e/speech.wav --label="connect warm-up" \
      >>"$OUT_DIR/$MODE-warm-up.log" 2>&1 || echo "(connect warm-up had failures: $OUT_DIR/$MODE-warm-up.log)" >&2
  done
  loadgen --sessions=20 --duration=30 --settle=1 --idle=0 --wav=e2e/speech.wav --label="warm-up" >>"$OUT_DIR/$MODE-warm-up.log" 2>&1 \
    || echo "(warm-up had failures: $OUT_DIR/$MODE-warm-up.log)" >&2
  for N in $SESSIONS; do
    sleep 3
    B=$BURST
    if [[ $N == *x1 ]]; then # one at a time
      N=${N%x1} R=2 B=1
    else
      R=${RATE:-$([ "$N" -le 100 ] && echo 0 || echo 50)}
    fi
    WARM_RUNS=${LOADGEN_WARM_RUNS:-$([ "$N" -le 100 ] && echo 40 || echo 0)}
    for REG in ${REGISTER:-before}; do
      RUN_NAME=$MODE-$N-b$B-io$IO_THREADS$([ "$REG" = before ] || echo "-reg$REG")
      NAME=$RUN_NAME
      K=2
      while [ -e "$OUT_DIR/$NAME.log" ]; do # a repeated sessions entry keeps every run's report: -r2, -r3, ...
        NAME=$RUN_NAME-r$K
        K=$((K + 1))
      done
      loadgen --sessions="$N" --rate="$R" --burst="$B" --duration="$DURATION" --server-pid="$PID" --warm-runs="$WARM_RUNS" \
        --register="$REG" --wav=e2e/speech.wav \
        --label="$MODE $N$([ "$B" = 1 ] && echo ' one at a time') io=$IO_THREADS${CHUNKS:+ chunks=$CHUNKS}$([ "$REG" = before ] || echo " register=$REG")" \
        --out="$OUT_DIR/$NAME.json" 2>"$OUT_DIR/$NAME.log" || STATUS=1
    done
  done
  kill "$PID"; wait "$PID" 2>/dev/null || true
  PID=
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS $DB" >/dev/null || true
  DB=
  rm -rf "$DATA"
  DATA=
done
exit $STATUS
