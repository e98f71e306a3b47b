#!/usr/bin/env bash
# KMS load figures for docs/benchmarks.md: starts a fresh Citadel node (audit on unless AUDIT_OFF=1),
# creates the keys, then drives each operation with the signed load generator at 64 connections.
# Usage: [CONNECTIONS=64] [AUDIT_OFF=1] [OPS='Encrypt-1KB DescribeKey'] bench/kms-load.sh [port] [duration] [warmup]
# (needs app/target/citadel.jar and bench/target/citadel-bench.jar; OPS names the rows to run, default all six)
# SERVER_OPTS adds server JVM options (e.g. a profiler agent). Each row also gives the server's CPU time per request
# over the measured seconds, the figure that depends least on what else shares the machine; with the audit trail on,
# the last line says how many records each group commit held on average.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4590}
DURATION=${2:-20s}
WARMUP=${3:-20s}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-kms-bench.XXXXXX)
EXTRA=()
if [[ "${AUDIT_OFF:-0}" == 1 ]]; then EXTRA=(--audit-off-for-benchmarks true); fi
"$JAVA" -Xmx256m ${SERVER_OPTS:-} -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA" "${EXTRA[@]}" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
export AWS_SHARED_CREDENTIALS_FILE=$DATA/bootstrap-credentials AWS_DEFAULT_REGION=us-east-1
E=(--endpoint-url "http://127.0.0.1:$PORT")
SYM=$(aws "${E[@]}" kms create-key --query KeyMetadata.KeyId --output text)
P256=$(aws "${E[@]}" kms create-key --key-spec ECC_NIST_P256 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text)
RSA=$(aws "${E[@]}" kms create-key --key-spec RSA_2048 --key-usage SIGN_VERIFY --query KeyMetadata.KeyId --output text)
head -c 1024 /dev/urandom > "$DATA/pt.bin"
PT=$(base64 -w0 < "$DATA/pt.bin")
CT=$(aws "${E[@]}" kms encrypt --key-id "$SYM" --plaintext "fileb://$DATA/pt.bin" --query CiphertextBlob --output text)
MSG=$(printf 'a message of thirty-two bytes!!!' | base64 -w0)

run() {
  local name=$1 target=$2 body=$3
  if [[ -n "${OPS:-}" && " $OPS " != *" $name "* ]]; then return; fi
  sample_cpu "$SERVER" "$WARMUP" "$DURATION" "$DATA" # the server's CPU time at the start and the end of the measured part
  "$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" -c "${CONNECTIONS:-64}" --duration "$DURATION" \
    --warmup "$WARMUP" --credentials-file "$DATA/bootstrap-credentials" --service kms --json-target "TrentService.$target" \
    --json-body "$body" --json > "$DATA/$name.json" 2>/dev/null
  wait "$CPU_SAMPLER" || true
  python3 - "$name" "$DATA/$name.json" "$(cat "$DATA/ticks0" 2>/dev/null)" "$(cat "$DATA/ticks1" 2>/dev/null)" "$(getconf CLK_TCK)" \
    "$(secs "$DURATION")" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
l = r["latencyMillis"]
try:
    cpu = f"{(int(sys.argv[4]) - int(sys.argv[3])) / int(sys.argv[5]) * 1000 / (r['throughputPerSecond'] * float(sys.argv[6])):.3f}"
except (ValueError, ZeroDivisionError):
    cpu = "?"
print(f"| {sys.argv[1]} | {r['throughputPerSecond']:,.0f} | {l['p50']:.2f} | {l['p99']:.2f} | {r['statuses']} | {r['errors']} | {cpu} |")
PY
  thread_split "$DATA" "$DATA/$name.json" "$(secs "$DURATION")" "$name" >> "$DATA/threads.txt"
}
source bench/server-cpu.sh
echo "| operation | req/s | p50 ms | p99 ms | statuses | errors | server CPU ms/req |"
echo "|---|---|---|---|---|---|---|"
run Encrypt-1KB Encrypt "{\"KeyId\":\"$SYM\",\"Plaintext\":\"$PT\"}"
run Decrypt-1KB Decrypt "{\"CiphertextBlob\":\"$CT\"}"
run GenerateDataKey-1KB GenerateDataKey "{\"KeyId\":\"$SYM\",\"NumberOfBytes\":1024}"
run Sign-P256 Sign "{\"KeyId\":\"$P256\",\"Message\":\"$MSG\",\"SigningAlgorithm\":\"ECDSA_SHA_256\"}"
run Sign-RSA2048-PSS Sign "{\"KeyId\":\"$RSA\",\"Message\":\"$MSG\",\"SigningAlgorithm\":\"RSASSA_PSS_SHA_256\"}"
run DescribeKey DescribeKey "{\"KeyId\":\"$SYM\"}"
sed 's/^/    /' "$DATA/threads.txt" 2>/dev/null || true
if [[ "${AUDIT_OFF:-0}" != 1 ]]; then
  # a group commit starts a chunk row at its first record (and another every 64 records), so records / chunk rows is
  # about the records per group commit while they stay under 64
  sqlite3 "file:$DATA/citadel.db?mode=ro" "SELECT count(*), CAST(substr(max(k), 18) AS INTEGER) FROM kv
    WHERE k >= 'global/audit/log/' AND k < 'global/audit/log0'" | python3 -c '
import sys
rows, last = map(int, sys.stdin.read().strip().split("|"))
print(f"audit: about {last:,} records from the start, {rows:,} chunk rows, {last / max(rows, 1):.1f} records per chunk row")'
fi
