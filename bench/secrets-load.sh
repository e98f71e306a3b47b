#!/usr/bin/env bash
# Secrets Manager load figures for docs/benchmarks.md (issue 7's targets): starts a fresh Citadel node
# (audit on unless AUDIT_OFF=1), creates secrets, then drives each operation with the signed load
# generator at 64 connections: GetSecretValue, DescribeSecret, BatchGetSecretValue of 20 secrets and
# PutSecretValue over 1,000 secrets.
# Usage: [CONNECTIONS=64] [ONLY=BatchGetSecretValue-20] bench/secrets-load.sh [port] [duration] [warmup]
#        (needs app/target/citadel.jar and bench/target/citadel-bench.jar); ONLY runs just the named row(s), space-separated
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4591}
DURATION=${2:-20s}
WARMUP=${3:-20s}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-secrets-bench.XXXXXX)
EXTRA=()
if [[ "${AUDIT_OFF:-0}" == 1 ]]; then EXTRA=(--audit-off-for-benchmarks true); fi
"$JAVA" -Xmx256m -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA" "${EXTRA[@]}" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
export AWS_SHARED_CREDENTIALS_FILE=$DATA/bootstrap-credentials AWS_DEFAULT_REGION=us-east-1
E=(--endpoint-url "http://127.0.0.1:$PORT")
aws "${E[@]}" secretsmanager create-secret --name bench/hot --secret-string '{"username":"app","password":"bench-password-0123456789"}' >/dev/null
IDS=""
for i in $(seq 1 20); do
  aws "${E[@]}" secretsmanager create-secret --name "bench/batch/$i" --secret-string "value-$i" >/dev/null
  IDS="$IDS${IDS:+,}\"bench/batch/$i\""
done

run() {
  local name=$1 target=$2 body=$3
  if [[ -n "${ONLY:-}" && " $ONLY " != *" $name "* ]]; then return; fi
  "$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" -c "${CONNECTIONS:-64}" --duration "$DURATION" \
    --warmup "$WARMUP" --credentials-file "$DATA/bootstrap-credentials" --service secretsmanager --json-target "secretsmanager.$target" \
    --json-body "$body" --json > "$DATA/$name.json" 2>/dev/null
  python3 - "$name" "$DATA/$name.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
l = r["latencyMillis"]
print(f"| {sys.argv[1]} | {r['throughputPerSecond']:,.0f} | {l['p50']:.2f} | {l['p99']:.2f} | {r['statuses']} | {r['errors']} |")
PY
}
echo "| operation | req/s | p50 ms | p99 ms | statuses | errors |"
echo "|---|---|---|---|---|---|"
run GetSecretValue GetSecretValue '{"SecretId":"bench/hot"}'
run DescribeSecret DescribeSecret '{"SecretId":"bench/hot"}'
run BatchGetSecretValue-20 BatchGetSecretValue "{\"SecretIdList\":[$IDS]}"
if [[ -n "${ONLY:-}" && " $ONLY " != *" PutSecretValue-1000-secrets "* ]]; then exit 0; fi
# PutSecretValue spread over 1,000 secrets ({seq%1000}), so no secret nears AWS's 100-version limit
# (unlabelled versions are kept 24 hours): each request is a new AWSCURRENT version, durable.
"$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" -c 8 --warmup 0s --duration 5m --max-requests 1000 \
  --credentials-file "$DATA/bootstrap-credentials" --service secretsmanager --json-target secretsmanager.CreateSecret \
  --json-body '{"Name":"bench/put/{seq%1000}","SecretString":"initial value"}' --json > "$DATA/create.json" 2>/dev/null
run PutSecretValue-1000-secrets PutSecretValue '{"SecretId":"bench/put/{seq%1000}","SecretString":"a new value {seq}"}'

