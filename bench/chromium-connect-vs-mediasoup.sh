#!/usr/bin/env bash
# One Chromium client's connect time against the service and against mediasoup 3.8.4, side by side in one run:
# the same page (e2e/run-browser.mjs, mediasoup-client in Debian Chromium, E2E_PROXY=1) and the same REST calls,
# once against the service jar (as bench/chromium-connect.sh runs it) and once against
# bench/mediasoup-reference/server.mjs (one mediasoup Worker + Router, a WebRtcTransport per session; FAKE auth and
# no database: its server side is mediasoup's own cost only). Runs alternate, and the order within a round too
# (odd rounds the service first, even rounds mediasoup first), so load elsewhere on the machine hits both alike.
# Prints each run, then per timing field the median of each and the ratio service/mediasoup.
# Not run in CI.
#
# One-time setup (mediasoup 3.8.4 compiles its C++ worker; outside the repository; on Debian 12 its gyp needs
# Python 2 and its bundled abseil one fix for glibc >= 2.34 — see bench/mediasoup-reference/README.md):
#   mkdir -p /tmp/msref && cd /tmp/msref && npm init -y && npm install mediasoup@3.8.4
#
#   bash bench/chromium-connect-vs-mediasoup.sh [runs per server=15]
# Env: MEDIASOUP_DIR (/tmp/msref: a directory with node_modules/mediasoup built), WARM_ROUNDS and WARM_SESSIONS (4 × 250 load-generator
# clients against the service, as chromium-connect.sh), WARM_SEQUENCES (3000 runs of the page's REST sequence without
# media against each server, bench/warm-signalling.mjs), WARM_RUNS (60 discarded browser runs per server,
# alternating, after that: a browser handshake runs BouncyCastle code the generator's does not, and 10 left it
# 1.13× slower than mediasoup where 60 gave 0.97–1.00, docs/benchmarks.md), SERVICE_LOG_LEVEL (warn; info keeps both servers' access logs with each call's durationMs),
# BENCH_PORT (3960), BENCH_RTC_PORT (40900), MS_PORT (BENCH_PORT+1), MS_RTC_MIN_PORT/MS_RTC_MAX_PORT (40950/40999),
# OUT_DIR, JAR (service/target/jarvis-ingress.jar), PCAP (0; 1: tcpdump on lo during the measured runs, then
# bench/pcap-connect.py: each server's own time for each signalling call at the socket, the STUN check and each
# DTLS flight; needs tcpdump and root).
# Needs what chromium-connect.sh needs, and node 20 for the reference.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-chromium-connect.sh
RUNS=${1:-15}
cc_setup chromium-vs-mediasoup
MS_PORT=${MS_PORT:-$((PORT + 1))}
MEDIASOUP_DIR=${MEDIASOUP_DIR:-/tmp/msref}
MS_RTC_MIN_PORT=${MS_RTC_MIN_PORT:-40950}
MS_RTC_MAX_PORT=${MS_RTC_MAX_PORT:-40999}
[ -d "$MEDIASOUP_DIR/node_modules/mediasoup/worker/out/Release" ] || {
  echo "no built mediasoup in $MEDIASOUP_DIR (set MEDIASOUP_DIR; see the setup above)" >&2
  exit 1
}
trap cc_cleanup EXIT

MEDIASOUP_DIR="$MEDIASOUP_DIR" PORT=$MS_PORT LOG_LEVEL=${SERVICE_LOG_LEVEL:-warn} \
  RTC_MIN_PORT=$MS_RTC_MIN_PORT RTC_MAX_PORT=$MS_RTC_MAX_PORT \
  node bench/mediasoup-reference/server.mjs >"$OUT_DIR/mediasoup.log" 2>&1 &
CC_PIDS+=($!)
cc_start_service "$PORT" "$RTC_PORT"
cc_wait_health "http://127.0.0.1:$MS_PORT" "$OUT_DIR/mediasoup.log"
cc_warm_service "$PORT"
cc_warm_signalling "http://127.0.0.1:$MS_PORT"

# run NAME INDEX: one browser session against server NAME (service | mediasoup).
run() {
  local url="http://127.0.0.1:$PORT"
  [ "$1" = mediasoup ] && url="http://127.0.0.1:$MS_PORT"
  cc_browser_run "$url" "$1-$2"
  cc_print_run "$(printf '%-9s %s' "$1" "$2")" "$OUT_DIR/$1-$2.json"
}
for i in $(seq 1 "${WARM_RUNS:-60}"); do run service "warm-$i"; run mediasoup "warm-$i"; done
if [ "${PCAP:-0}" = 1 ]; then
  tcpdump -i lo -n -s 400 -w "$OUT_DIR/lo.pcap" "tcp port $PORT or tcp port $MS_PORT or udp port $RTC_PORT or udp portrange $MS_RTC_MIN_PORT-$MS_RTC_MAX_PORT" \
    2>"$OUT_DIR/tcpdump.log" &
  CC_PIDS+=($!)
  sleep 1
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; results in $OUT_DIR"
uptime
for i in $(seq 1 "$RUNS"); do
  if [ $((i % 2)) = 1 ]; then run service "$i"; run mediasoup "$i"; else run mediasoup "$i"; run service "$i"; fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
uptime

files() { for i in $(seq 1 "$RUNS"); do echo "$OUT_DIR/$1-$i.json"; done; }
fails() { for f in $(files "$1"); do jq -e '.ok == true' "$f" >/dev/null 2>&1 || echo "$f"; done | wc -l; }
echo "failed runs: service $(fails service), mediasoup $(fails mediasoup) of $RUNS each"
printf '%-20s %10s %10s %8s\n' "median of $RUNS" service mediasoup ratio
for field in $CC_FIELDS; do
  ours=$(cc_field_median "$field" $(files service))
  theirs=$(cc_field_median "$field" $(files mediasoup))
  printf '%-20s %10s %10s %8s\n' "$field" "$ours" "$theirs" \
    "$(awk -v a="$ours" -v b="$theirs" 'BEGIN { if (b + 0 > 0 && a != "n/a") printf "%.2f", a / b; else print "n/a" }')"
done
if [ "${PCAP:-0}" = 1 ]; then
  kill "${CC_PIDS[-1]}" && wait "${CC_PIDS[-1]}" 2>/dev/null || true
  python3 bench/pcap-connect.py "$OUT_DIR/lo.pcap" "service:$PORT:$RTC_PORT" "mediasoup:$MS_PORT:$MS_RTC_MIN_PORT-$MS_RTC_MAX_PORT"
fi
