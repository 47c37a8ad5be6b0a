#!/usr/bin/env bash
# One real client's connect time: Debian Chromium + mediasoup-client (e2e/run-browser.mjs), one session at a time,
# against the service jar (fresh PostgreSQL database, local Redis, limits off). For each run the page records, from
# the transport/create request: transport/create's round trip, transport/connect's and producer/create's round
# trips, and when the transport reached 'connected' (ICE + DTLS done) — the issue's "transport/create to
# connected". Prints each run and the medians (the first RUNS_SKIP runs are JIT warm-up and not counted).
# The same against mediasoup 3.8.4, side by side: bench/chromium-connect-vs-mediasoup.sh.
#
#   bash bench/chromium-connect.sh [runs=12]
# Env: WARM_ROUNDS (4 rounds of WARM_SESSIONS=250 load-generator clients before the browser runs), WARM_SEQUENCES (3000 runs of the page's REST sequence without media after those, bench/warm-signalling.mjs), RUNS_SKIP (2), SERVICE_LOG_LEVEL (warn; info keeps the access log with each call's server-side durationMs), BENCH_PORT (3960), BENCH_RTC_PORT (40900), OUT_DIR, JAR (service/target/jarvis-ingress.jar).
# Needs: chromium, node with e2e/ built (npm ci && npm run build && sh make-tone.sh), PostgreSQL and Redis as in
# the other bench scripts, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-chromium-connect.sh
RUNS=${1:-12}
SKIP=${RUNS_SKIP:-2}
cc_setup chromium-connect
trap cc_cleanup EXIT
cc_start_service "$PORT" "$RTC_PORT"
cc_warm_service "$PORT"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; results in $OUT_DIR"
for i in $(seq 1 "$RUNS"); do
  cc_browser_run "http://127.0.0.1:$PORT" "run-$i"
  cc_print_run "run $i" "$OUT_DIR/run-$i.json"
done
for field in $CC_FIELDS; do
  echo "median $field (runs $((SKIP + 1))-$RUNS): $(cc_field_median "$field" $(for i in $(seq $((SKIP + 1)) "$RUNS"); do echo "$OUT_DIR/run-$i.json"; done))"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
