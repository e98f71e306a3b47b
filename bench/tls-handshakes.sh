#!/usr/bin/env bash
# Full TLS handshakes per second on the API listener with an ECDSA P-256 certificate (target >= 2,000/s):
# starts a node with a fresh self-signed P-256 certificate (openssl), then runs citadel-bench tls-handshakes,
# which opens RATE new connections per second, each a full handshake (nothing resumes), and counts the completed ones.
# The client is Netty on OpenSSL (CLIENT_PROVIDER=jdk for the JDK's); the server's TLS is the node's tls-provider
# (SERVER_PROVIDER, default auto: OpenSSL where it loads). Both processes' CPU time while measuring is reported.
# The client pins the node's certificate (VERIFY=pinned: the presented leaf must be the one made here, byte for byte, and
# BoringSSL checks the handshake signature with its key); VERIFY=pkix runs the JDK's PKIX validation and host-name check instead.
# Usage: [PROTOCOL=TLSv1.3] [CONCURRENCY=128] [CLIENT_PROVIDER=openssl] [CLIENT_GROUPS=X25519] [SERVER_PROVIDER=auto] [VERIFY=pinned]
#        [SERVER_JVM_OPTS=-Xmx256m] [CLIENT_JVM_OPTS=] [CLIENT_THREADS=2]
#        bench/tls-handshakes.sh [port] [rate] [duration] [warmup]
#        (needs app/target/citadel.jar and bench/target/citadel-bench.jar; see docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4591}
RATE=${2:-2000}
DURATION=${3:-20s}
WARMUP=${4:-30s}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-tls-bench.XXXXXX)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/key.pem" -out "$DATA/cert.pem" \
  -days 2 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
"$JAVA" ${SERVER_JVM_OPTS:--Xmx256m} -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA/node" \
  --tls-certificate "$DATA/cert.pem" --tls-private-key "$DATA/key.pem" --tls-provider "${SERVER_PROVIDER:-auto}" \
  > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 150); do curl -sf --cacert "$DATA/cert.pem" "https://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
curl -sf --cacert "$DATA/cert.pem" "https://127.0.0.1:$PORT/health" >/dev/null || { echo "node did not come up:"; cat "$DATA/server.log"; exit 1; }
# the client JVM compiles with C2 as usual: after the 30 s warmup its compiling is done, and C2's code costs the client about
# 30 us less per handshake than C1's (CLIENT_JVM_OPTS=-XX:TieredStopAtLevel=1 for the earlier setting)
"$JAVA" ${CLIENT_JVM_OPTS:-} -jar bench/target/citadel-bench.jar tls-handshakes --port "$PORT" --rate "$RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --ca-bundle "$DATA/cert.pem" --verify "${VERIFY:-pinned}" --protocol "${PROTOCOL:-TLSv1.3}" --concurrency "${CONCURRENCY:-128}" \
  --provider "${CLIENT_PROVIDER:-openssl}" --threads "${CLIENT_THREADS:-2}" --groups "${CLIENT_GROUPS:-X25519}" --server-pid "$SERVER" && status=0 || status=$?
grep -m1 "TLS: handshakes by" "$DATA/server.log" || true
exit $status
