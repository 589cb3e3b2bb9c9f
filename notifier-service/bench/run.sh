#!/usr/bin/env bash
# Runs the notifier load benchmark (real Kafka, PostgreSQL, SMTP server and chat receiver) and prints its numbers.
# Options as system properties: BENCH_OPTS="-Dbench.incidents=500 -Dbench.rate=100 -Dbench.window=500ms"
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl notifier-service verify -Pbench ${BENCH_OPTS:-}
cat notifier-service/target/bench-report.txt
