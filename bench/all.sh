#!/usr/bin/env bash
# Every benchmark script one after the other, with a GetCallerIdentity calibration before, between and after,
# and the load average before each step (docs/benchmarks.md section 9). Takes about 15 minutes; needs the ssm-scale
# fill in /work/ssm-fill or creates it (another 10 minutes). Usage: bench/all.sh > results.txt
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java
calib() {
  D=$(mktemp -d); $J -Xmx256m -jar app/target/citadel.jar start --port 4599 --data-dir $D > $D/log 2>&1 & S=$!
  for i in $(seq 100); do curl -sf http://127.0.0.1:4599/health >/dev/null && break; sleep 0.1; done
  $J -jar bench/target/citadel-bench.jar load --endpoint http://127.0.0.1:4599 -c 64 --duration 10s --warmup 20s --credentials-file $D/bootstrap-credentials --operation sts:GetCallerIdentity 2>&1 | grep -E "throughput|latency"
  kill $S; wait $S 2>/dev/null; rm -rf $D
}
step() { echo; echo "### $* — $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)"; }
step calibration; calib
step ssm-load; bench/ssm-load.sh 4592 20s 30s
step secrets-load; bench/secrets-load.sh 4591 20s 30s
step events-load; bench/events-load.sh 4591 20s 30s
step calibration; calib
if [[ -f /work/ssm-fill/filled || -n "${SSM_SCALE:-}" ]]; then step ssm-scale; WARMUP=30s bench/ssm-scale.sh 4593 1000000 /work/ssm-fill; fi
step kms-load-audit-on; CONNECTIONS=64 bench/kms-load.sh 4590 15s 30s
step kms-load-audit-off; AUDIT_OFF=1 CONNECTIONS=64 bench/kms-load.sh 4590 15s 30s
step pca-load; bench/pca-load.sh 4594 20s 30s
step tls-handshakes; bench/tls-handshakes.sh 4595 2000 20s 30s
step calibration; calib
echo; echo "done $(date -u +%H:%M:%S)"
