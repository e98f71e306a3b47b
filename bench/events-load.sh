#!/usr/bin/env bash
# EventBridge PutEvents load figures: starts a fresh Citadel node (audit on unless AUDIT_OFF=1), adds a
# rule matching every event with a log target (so the delivery worker runs under the load too), then drives
# PutEvents with 10 entries per request with the signed load generator. Afterwards it waits for the worker
# to deliver what was accepted and reports the delivery rate.
# NO_RULE=1 leaves the rule out (the worker then only routes events to no target).
# Usage: bench/events-load.sh [port] [duration] [warmup] [connections]
#   (needs app/target/citadel.jar and bench/target/citadel-bench.jar; keep runs short on shared machines)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4591}
DURATION=${2:-10s}
WARMUP=${3:-5s}
CONNECTIONS=${4:-64}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-events-bench.XXXXXX)
EXTRA=()
if [[ "${AUDIT_OFF:-0}" == 1 ]]; then EXTRA=(--audit-off-for-benchmarks true); fi
"$JAVA" -Xmx512m ${SERVER_OPTS:-} -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA" "${EXTRA[@]}" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
export AWS_SHARED_CREDENTIALS_FILE=$DATA/bootstrap-credentials AWS_DEFAULT_REGION=us-east-1
E=(--endpoint-url "http://127.0.0.1:$PORT")
ACCOUNT=$(aws "${E[@]}" sts get-caller-identity --query Account --output text)
if [[ "${NO_RULE:-0}" != 1 ]]; then
  aws "${E[@]}" events put-rule --name bench --event-pattern '{"source":["bench.app"]}' > /dev/null
  aws "${E[@]}" events put-targets --rule bench --targets "Id=log,Arn=arn:aws:events:us-east-1:$ACCOUNT:log/bench" > /dev/null
fi
ENTRY='{"Source":"bench.app","DetailType":"Bench","Detail":"{\"order\":42,\"customer\":\"c-1\",\"items\":[1,2,3]}"}'
BODY="{\"Entries\":[$ENTRY$(for _ in $(seq 2 10); do printf ',%s' "$ENTRY"; done)]}"
# the server's CPU time at the start and the end of the measured part, sampled beside the generator
source bench/server-cpu.sh
sample_cpu "$SERVER" "$WARMUP" "$DURATION" "$DATA"
"$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" -c "$CONNECTIONS" --duration "$DURATION" \
  --warmup "$WARMUP" --credentials-file "$DATA/bootstrap-credentials" --service events --json-target "AWSEvents.PutEvents" \
  --json-body "$BODY" --json > "$DATA/put-events.json" 2>/dev/null
wait "$CPU_SAMPLER" || true
python3 - "$DATA/put-events.json" "$(cat "$DATA/ticks0" 2>/dev/null)" "$(cat "$DATA/ticks1" 2>/dev/null)" "$(getconf CLK_TCK)" "$(secs "$DURATION")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
l = r["latencyMillis"]
try:
    # server CPU over the measured seconds (delivery included) per request measured in them
    cpu = f"{(int(sys.argv[3]) - int(sys.argv[2])) / int(sys.argv[4]) * 1000 / (r['throughputPerSecond'] * float(sys.argv[5])):.2f}"
except (ValueError, ZeroDivisionError):
    cpu = "?"
print("| operation | req/s | events/s | p50 ms | p99 ms | statuses | errors | server CPU ms/req |")
print("|---|---|---|---|---|---|---|---|")
print(f"| PutEvents (10 entries) | {r['throughputPerSecond']:,.0f} | {10 * r['throughputPerSecond']:,.0f} | {l['p50']:.2f} | {l['p99']:.2f} | {r['statuses']} | {r['errors']} | {cpu} |")
PY
thread_split "$DATA" "$DATA/put-events.json" "$(secs "$DURATION")" PutEvents
if [[ "${NO_RULE:-0}" == 1 ]]; then exit 0; fi # nothing is delivered without the rule
LOG="$DATA/events-log/$ACCOUNT/us-east-1/bench.jsonl"
START=$(date +%s.%N); FIRST=$(wc -l < "$LOG" 2>/dev/null || echo 0); LAST=$FIRST
for _ in $(seq 1 600); do
  sleep 1
  NOW=$(wc -l < "$LOG")
  [[ "$NOW" == "$LAST" ]] && break
  LAST=$NOW
done
END=$(date +%s.%N)
python3 -c "
import sys
a, b, s, e = map(float, sys.argv[1:])
if b == a:
    print(f'delivered after the load: nothing was left (the worker kept up while the load ran); {int(b):,} delivered in all')
else:
    print(f'delivered after the load: {int(b-a):,} events in {e-s:.1f} s = {(b-a)/max(e-s,1e-9):,.0f} events/s to one log target; {int(b):,} in all')
" "$FIRST" "$LAST" "$START" "$END"
