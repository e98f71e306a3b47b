#!/usr/bin/env bash
# ACM PCA figures for docs/benchmarks.md (issue 9's targets): starts a fresh Citadel node (audit on), creates an
# EC P-256 root with OCSP enabled, then drives IssueCertificate (a new certificate stored and audited per request)
# and OCSP GET requests for one issued certificate with the load generator at 64 connections.
# Usage: bench/pca-load.sh [port] [duration] [warmup]   (needs app/target/citadel.jar and bench/target/citadel-bench.jar)
# SERVER_OPTS adds JVM options to the server (a JFR recording, say).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4594}
DURATION=${2:-20s}
WARMUP=${3:-10s}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-pca-bench.XXXXXX)
"$JAVA" -Xmx512m ${SERVER_OPTS:-} -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA" > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
export AWS_SHARED_CREDENTIALS_FILE=$DATA/bootstrap-credentials AWS_DEFAULT_REGION=us-east-1
PCA=(aws --endpoint-url "http://127.0.0.1:$PORT" acm-pca)
echo '{"KeyAlgorithm":"EC_prime256v1","SigningAlgorithm":"SHA256WITHECDSA","Subject":{"CommonName":"Bench Root"}}' > "$DATA/ca.json"
echo '{"OcspConfiguration":{"Enabled":true}}' > "$DATA/rev.json"
CA=$("${PCA[@]}" create-certificate-authority --certificate-authority-type ROOT --certificate-authority-configuration "file://$DATA/ca.json" \
  --revocation-configuration "file://$DATA/rev.json" --query CertificateAuthorityArn --output text)
"${PCA[@]}" get-certificate-authority-csr --certificate-authority-arn "$CA" --output text > "$DATA/ca.csr"
ROOT_ARN=$("${PCA[@]}" issue-certificate --certificate-authority-arn "$CA" --csr "fileb://$DATA/ca.csr" --signing-algorithm SHA256WITHECDSA \
  --template-arn arn:aws:acm-pca:::template/RootCACertificate/V1 --validity Value=3650,Type=DAYS --query CertificateArn --output text)
"${PCA[@]}" get-certificate --certificate-authority-arn "$CA" --certificate-arn "$ROOT_ARN" --query Certificate --output text > "$DATA/root.pem"
"${PCA[@]}" import-certificate-authority-certificate --certificate-authority-arn "$CA" --certificate "fileb://$DATA/root.pem"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/leaf.key" -subj "/CN=bench.internal" \
  -addext "subjectAltName=DNS:bench.internal" -out "$DATA/leaf.csr" 2>/dev/null
LEAF_ARN=$("${PCA[@]}" issue-certificate --certificate-authority-arn "$CA" --csr "fileb://$DATA/leaf.csr" --signing-algorithm SHA256WITHECDSA \
  --validity Value=30,Type=DAYS --query CertificateArn --output text)
"${PCA[@]}" get-certificate --certificate-authority-arn "$CA" --certificate-arn "$LEAF_ARN" --query Certificate --output text > "$DATA/leaf.pem"
openssl ocsp -issuer "$DATA/root.pem" -cert "$DATA/leaf.pem" -no_nonce -reqout "$DATA/ocsp.der" >/dev/null 2>&1
OCSP_PATH="/pca/ocsp/${CA##*/}/$(base64 -w0 < "$DATA/ocsp.der" | python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read().strip(), safe=""))')"
curl -sf "http://127.0.0.1:$PORT$OCSP_PATH" -o "$DATA/ocsp-response.der"
openssl ocsp -respin "$DATA/ocsp-response.der" -issuer "$DATA/root.pem" -CAfile "$DATA/root.pem" -cert "$DATA/leaf.pem" 2>&1 | grep -q ": good" \
  || { echo "the OCSP responder did not answer good for the leaf" >&2; exit 1; }
CSR_B64=$(base64 -w0 < "$DATA/leaf.csr")

# the server's CPU time so far (user + system, in clock ticks), to report CPU per request beside the shared machine's throughput
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }

run() {
  local name=$1; shift
  local before after
  before=$(server_ticks)
  "$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" -c 64 --duration "$DURATION" --warmup "$WARMUP" \
    --credentials-file "$DATA/bootstrap-credentials" --json "$@" > "$DATA/$name.json" 2>/dev/null
  after=$(server_ticks)
  python3 - "$name" "$DATA/$name.json" "$((after - before))" "$(getconf CLK_TCK)" "$DURATION" "$WARMUP" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
l = r["latencyMillis"]
seconds = lambda d: float(d[:-1]) * {"s": 1, "m": 60}[d[-1]]
cpu = int(sys.argv[3]) / int(sys.argv[4])
# server CPU over warmup and run, per request, assuming the warmup ran at the measured rate (it is not reported)
per = cpu * 1000 / (r["throughputPerSecond"] * (seconds(sys.argv[5]) + seconds(sys.argv[6])))
print(f"| {sys.argv[1]} | {r['throughputPerSecond']:,.0f} | {l['p50']:.2f} | {l['p99']:.2f} | {r['statuses']} | {r['errors']} | {per:.2f} |")
PY
}
echo "| operation | req/s | p50 ms | p99 ms | statuses | errors | server CPU ms/req |"
echo "|---|---|---|---|---|---|---|"
run IssueCertificate-EC-P256 --service acm-pca --json-target ACMPrivateCA.IssueCertificate \
  --json-body "{\"CertificateAuthorityArn\":\"$CA\",\"Csr\":\"$CSR_B64\",\"SigningAlgorithm\":\"SHA256WITHECDSA\",\"Validity\":{\"Value\":30,\"Type\":\"DAYS\"}}"
run OCSP-GET --unsigned-get "$OCSP_PATH"
