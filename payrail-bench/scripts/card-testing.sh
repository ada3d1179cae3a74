#!/usr/bin/env bash
# The card-testing attack against the server with its default risk rules (docs/benchmarks.md): a fresh data
# directory, the server jar (PAYRAIL_SERVER_JAR to compare builds), then `payrail-bench card-testing` with the options
# given (legitimate traffic and an attack from a handful of addresses), its report as JSON.
#   payrail-bench/scripts/card-testing.sh [--legit-rate 10 --attack-rate 40 --attack-ips 5 --duration 120 --warmup-seconds 60 --seed 21]
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=${PAYRAIL_SERVER_JAR:-$here/payrail-server/target/payrail-server.jar}
port=18081
dir=$(mktemp -d /tmp/card-testing-XXXX)
PAYRAIL_DATA_DIR=$dir PAYRAIL_PORT=$port PAYRAIL_STRIPE_PORT=-1 java -jar "$jar" > "$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf localhost:$port/actuator/health >/dev/null 2>&1 && break; sleep 1; done
java -jar "$here/payrail-bench/target/payrail-bench.jar" card-testing --url http://localhost:$port --data-dir "$dir" "$@"
kill $pid; wait $pid 2>/dev/null
rm -rf "$dir"
