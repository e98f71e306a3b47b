#!/usr/bin/env bash
# Parameter Store figures for docs/benchmarks.md: starts a fresh Citadel node (audit on), then drives
# GetParameter (String and SecureString with decryption), PutParameter of new names (durable) and
# GetParametersByPath of a 100-parameter subtree with the signed load generator at 64 connections.
# Usage: bench/ssm-load.sh [port] [duration] [warmup]   (needs app/target/citadel.jar and bench/target/citadel-bench.jar)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4592}
DURATION=${2:-20s}
WARMUP=${3:-10s}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-ssm-bench.XXXXXX)
"$JAVA" -Xmx512m -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
export AWS_SHARED_CREDENTIALS_FILE=$DATA/bootstrap-credentials AWS_DEFAULT_REGION=us-east-1
LOAD=("$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" --credentials-file "$DATA/bootstrap-credentials"
      --service ssm --json)
aws --endpoint-url "http://127.0.0.1:$PORT" ssm put-parameter --name /bench/plain --type String --value "a plain value" > /dev/null
aws --endpoint-url "http://127.0.0.1:$PORT" ssm put-parameter --name /bench/secret --type SecureString --value "a secret value" > /dev/null
# the subtree: 100 parameters under /bench/tree/, 10 per level-3 node
"${LOAD[@]}" -c 8 --warmup 0s --duration 5m --max-requests 100 --json-target AmazonSSM.PutParameter \
  --json-body '{"Name":"/bench/tree/{seq}","Type":"String","Value":"subtree value"}' > "$DATA/tree.json" 2>/dev/null

run() {
  local name=$1 target=$2 body=$3 warmup=${4:-$WARMUP} bound=()
  if [[ -n "${5:-}" ]]; then bound=(--max-requests "$5"); fi
  "${LOAD[@]}" -c 64 --duration "$DURATION" --warmup "$warmup" "${bound[@]}" --json-target "AmazonSSM.$target" --json-body "$body" \
    > "$DATA/$name.json" 2>/dev/null
  python3 - "$name" "$DATA/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
l = r["latencyMillis"]
print(f"| {sys.argv[1]} | {r['throughputPerSecond']:,.0f} | {l['p50']:.2f} | {l['p99']:.2f} | {r['statuses']} | {r['errors']} |")
PY
}
echo "| operation | req/s | p50 ms | p99 ms | statuses | errors |"
echo "|---|---|---|---|---|---|"
run GetParameter-String GetParameter '{"Name":"/bench/plain"}'
run GetParameter-SecureString-WithDecryption GetParameter '{"Name":"/bench/secret","WithDecryption":true}'
run GetParametersByPath-100 GetParametersByPath '{"Path":"/bench/tree","Recursive":true,"MaxResults":10}'
# new names stay below the 100,000 Advanced parameters an account and region may hold (more would be ParameterLimitExceeded):
# a short warmup (the JIT is warm from the reads) and at most 99,000 requests
run PutParameter-new-names PutParameter '{"Name":"/bench/put/{seq}","Type":"String","Value":"a value written once","Tier":"Advanced"}' 5s 99000
