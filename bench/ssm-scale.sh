#!/usr/bin/env bash
# GetParametersByPath of a 100-parameter subtree (and GetParameter) with PARAMS (default 1,000,000)
# parameters stored in SQLite, audit on. The parameters are written through the API by the load
# generator (Advanced tier, at most 100,000 per account and region as in AWS, so spread over 10
# regions; us-east-1 holds the measured subtree /bench/tree/ plus the rest of its share under /fill/).
# The fill runs with audit off (it is not what is measured, and 1,000,000 audit events would only
# slow it); the node is then restarted with audit on for the measurement.
# SERVER_OPTS replaces the server JVM's options (default -Xmx1g; e.g. SERVER_OPTS="-Xms1g -Xmx1g", design decision 43).
# Usage: bench/ssm-scale.sh [port] [params] [data-dir]   (needs app/target/citadel.jar and bench/target/citadel-bench.jar)
# A data dir that already holds a fill (a file "filled" in it) is measured again without refilling. Each measurement
# starts from the database as the fill left it (kept as filled.db beside it): the measured calls' audit events grow
# citadel.db by about half a gigabyte per run, and on a machine whose page cache holds about 2 GB a third run on the
# same file read from the disk (docs/benchmarks.md section 16). KEEP_GROWTH=1 measures the grown file instead; a fill
# made before filled.db existed has no copy and is measured as it is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${1:-4593}
PARAMS=${2:-1000000}
DATA=${3:-$(mktemp -d /tmp/citadel-ssm-scale.XXXXXX)}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
mkdir -p "$DATA"
REGIONS=(us-east-1 us-east-2 us-west-1 us-west-2 eu-west-1 eu-west-2 eu-central-1 ap-south-1 ap-northeast-1 sa-east-1)
SERVER=
start() {
  "$JAVA" ${SERVER_OPTS:--Xmx1g} -jar app/target/citadel.jar start --port "$PORT" --data-dir "$DATA" "$@" >> "$DATA/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
trap stop EXIT
LOAD=("$JAVA" -jar bench/target/citadel-bench.jar load --endpoint "http://127.0.0.1:$PORT" --credentials-file "$DATA/bootstrap-credentials"
      --service ssm --json)
put() { # region count name-prefix connections
  [[ $2 -gt 0 ]] || return 0 # --max-requests 0 would mean no limit
  "${LOAD[@]}" --region "$1" -c "$4" --warmup 0s --duration 2h --max-requests "$2" --json-target AmazonSSM.PutParameter \
    --json-body "{\"Name\":\"$3{seq}\",\"Type\":\"String\",\"Value\":\"a configuration value of some length\",\"Tier\":\"Advanced\"}" \
    > "$DATA/put.json" 2>/dev/null
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("{}: {:,} puts at {:,.0f}/s, statuses {}".format(sys.argv[2], r["responses"], r["throughputPerSecond"], r["statuses"]))' "$DATA/put.json" "$1"
}
outbox() { sqlite3 "file:$DATA/citadel.db?mode=ro" "SELECT count(*) FROM kv WHERE k >= 'global/outbox/' AND k < 'global/outbox0'"; }
if [[ ! -f "$DATA/filled" ]]; then
  start --audit-off-for-benchmarks true
  per=$((PARAMS / ${#REGIONS[@]}))
  put us-east-1 100 /bench/tree/ 8
  put us-east-1 $((per - 100)) /fill/ 64
  for r in "${REGIONS[@]:1}"; do put "$r" "$per" /fill/ 64; done
  # every put wrote a "Parameter Store Change" event to the outbox; let the events worker drain them
  # first, so the measurement does not share the node with a backlog of a million deliveries
  while [[ $(outbox) -gt 0 ]]; do echo "outbox: $(outbox) events to drain"; sleep 30; done
  echo "$PARAMS" > "$DATA/filled"
  stop
  sqlite3 "$DATA/citadel.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
  cp "$DATA/citadel.db" "$DATA/filled.db"
fi
if [[ "${KEEP_GROWTH:-0}" != 1 && -f "$DATA/filled.db" ]]; then
  rm -f "$DATA/citadel.db-wal" "$DATA/citadel.db-shm"
  # read around the page cache, so that it holds the measured file and not its copy as well; then let the writeback
  # finish, which would otherwise compete with the measured commits' syncs
  dd if="$DATA/filled.db" of="$DATA/citadel.db" bs=8M iflag=direct status=none
  sync
fi
start
while [[ $(outbox) -gt 0 ]]; do echo "outbox: $(outbox) events to drain first"; sleep 30; done
echo "database: $(du -h "$DATA/citadel.db" | cut -f1), parameters: $(cat "$DATA/filled")"
echo "| operation | req/s | p50 ms | p99 ms | statuses | errors |"
echo "|---|---|---|---|---|---|"
for op in GetParametersByPath GetParameter; do
  body='{"Path":"/bench/tree","Recursive":true,"MaxResults":10}'
  [[ $op == GetParameter ]] && body='{"Name":"/bench/tree/0-42"}'
  "${LOAD[@]}" -c 64 --warmup "${WARMUP:-30s}" --duration 20s --json-target "AmazonSSM.$op" --json-body "$body" > "$DATA/$op.json" 2>/dev/null
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); l=r["latencyMillis"]; print("| {} | {:,.0f} | {:.2f} | {:.2f} | {} | {} |".format(sys.argv[2], r["throughputPerSecond"], l["p50"], l["p99"], r["statuses"], r["errors"]))' "$DATA/$op.json" "$op"
done
