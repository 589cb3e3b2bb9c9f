#!/usr/bin/env bash
# failover-service benchmark: real Kafka, real PostgreSQL primary/standby, fabric8 mock API server.
# Options: -Dbench.failovers=10 -Dbench.incidents=1000 -Dbench.rate=20 (incidents per second).
set -uo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
if ! mvn -B -q -pl failover-service test -Pbench "$@" >"$log" 2>&1; then
    grep -E "ERROR|Caused by" "$log" | head -40
    echo "benchmark failed; full log: $log"
    exit 1
fi
rm -f "$log"
cat failover-service/target/bench-results.txt
