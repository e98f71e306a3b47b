#!/usr/bin/env bash
# Cross-check of bench/tls-handshakes.sh with an independent client: PROCESSES `openssl s_time -new` processes (the OS's OpenSSL,
# each one full handshake after another, closed loop: no session is ever reused) against a node with a fresh self-signed P-256
# certificate, as in tls-handshakes.sh. WARMUP seconds of the same load first (the server's JIT), then DURATION seconds measured:
# the handshakes/s the s_time processes report together, and the server's CPU time per handshake (/proc/<pid>/stat).
# s_time checks nothing about the certificate unless asked; here it gets -CAfile and -verify, and one s_client run before the
# load must report "Verify return code: 0 (ok)" for the node's certificate, or the run stops.
# Usage: [SERVER_PROVIDER=auto] [SERVER_JVM_OPTS=-Xmx256m] bench/tls-handshakes-s_time.sh [port] [processes] [duration s] [warmup s]
#        (needs app/target/citadel.jar; see docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4591}
PROCESSES=${2:-8}
DURATION=${3:-20}
WARMUP=${4:-30}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
DATA=$(mktemp -d /tmp/citadel-tls-s_time.XXXXXX)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/key.pem" -out "$DATA/cert.pem" \
  -days 2 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
"$JAVA" ${SERVER_JVM_OPTS:--Xmx256m} -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA/node" \
  --tls-certificate "$DATA/cert.pem" --tls-private-key "$DATA/key.pem" --tls-provider "${SERVER_PROVIDER:-auto}" \
  > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 150); do curl -sf --cacert "$DATA/cert.pem" "https://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
curl -sf --cacert "$DATA/cert.pem" "https://127.0.0.1:$PORT/health" >/dev/null || { echo "node did not come up:"; cat "$DATA/server.log"; exit 1; }
openssl s_client -connect "127.0.0.1:$PORT" -CAfile "$DATA/cert.pem" -verify_return_error -verify_ip 127.0.0.1 </dev/null > "$DATA/s_client.txt" 2>&1 || true
grep -E "^(Protocol|Cipher|Peer signature type|Server Temp Key|Negotiated TLS1.3 group)|Verify return code" "$DATA/s_client.txt" | sort -u
grep -q "Verify return code: 0 (ok)" "$DATA/s_client.txt" || { echo "s_client could not verify the node's certificate"; exit 1; }
run() { # seconds tag: PROCESSES s_time processes for that long; prints their total connections
  local pids=()
  for i in $(seq 1 "$PROCESSES"); do
    openssl s_time -connect "127.0.0.1:$PORT" -new -CAfile "$DATA/cert.pem" -verify 1 -time "$1" > "$DATA/$2.$i" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  if grep -q "verify error" "$DATA"/"$2".*; then echo "a handshake failed verification:" >&2; grep -m3 "verify error" "$DATA"/"$2".* >&2; exit 1; fi
  cat "$DATA"/"$2".* | awk '/connections in .* real seconds/ {n += $1} END {print n}'
}
ticks() { local s; s=$(cat "/proc/$SERVER/stat"); s=${s##*) }; set -- $s; echo $(( ${12} + ${13} )); }
run "$WARMUP" warmup >/dev/null
before=$(ticks); start=$(date +%s.%N)
n=$(run "$DURATION" measure)
after=$(ticks); end=$(date +%s.%N)
awk -v n="$n" -v t0="$start" -v t1="$end" -v c=$(( after - before )) -v d="$DURATION" -v p="$PROCESSES" 'BEGIN {
  printf "openssl s_time -new, %d processes, %d s: %d full handshakes, %.0f/s; server %.2f CPU s, %.0f%% of one core, %.0f us CPU per handshake\n",
    p, d, n, n / d, c / 100, c / d, n == 0 ? 0 : c * 10000 / n }'
grep -m1 "TLS: handshakes by" "$DATA/server.log" || true
