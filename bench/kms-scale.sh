#!/usr/bin/env bash
# DescribeKey and a ListKeys page (Limit 10, the same page size either way) with 10 keys stored, then with KEYS (default 100,000) keys stored, on one
# node (audit on). The keys are created through the API by the load generator itself.
# Usage: bench/kms-scale.sh [port] [keys]   (needs app/target/citadel.jar and bench/target/citadel-bench.jar)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4591}
KEYS=${2:-100000}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-kms-scale.XXXXXX)
"$JAVA" -Xmx256m -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
export AWS_SHARED_CREDENTIALS_FILE=$DATA/bootstrap-credentials AWS_DEFAULT_REGION=us-east-1
LOAD=("$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" -c 64
      --credentials-file "$DATA/bootstrap-credentials" --service kms --json)

create() {
  "${LOAD[@]}" --warmup 0s --duration 30m --max-requests "$1" --json-target TrentService.CreateKey --json-body '{}' \
    > "$DATA/create.json" 2>/dev/null
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("created {:,} keys at {:,.0f}/s, statuses {}".format(r["responses"], r["throughputPerSecond"], r["statuses"]))' "$DATA/create.json"
}
measure() {
  local stored=$1 key
  key=$(aws --endpoint-url "http://127.0.0.1:$PORT" kms list-keys --limit 1 --query 'Keys[0].KeyId' --output text)
  for op in DescribeKey ListKeys; do
    local body="{\"KeyId\":\"$key\"}"
    [[ $op == ListKeys ]] && body='{"Limit":10}'
    "${LOAD[@]}" --warmup 10s --duration 15s --json-target "TrentService.$op" --json-body "$body" > "$DATA/$op.json" 2>/dev/null
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); l=r["latencyMillis"]; print("| {} | {} | {:,.0f} | {:.2f} | {:.2f} | {} |".format(sys.argv[2], sys.argv[3], r["throughputPerSecond"], l["p50"], l["p99"], r["statuses"]))' \
      "$DATA/$op.json" "$stored" "$op"
  done
}
create 10
echo "| keys stored | operation | req/s | p50 ms | p99 ms | statuses |"
echo "|---|---|---|---|---|---|"
measure 10
create $((KEYS - 10)) >&2
measure "$KEYS"
