#!/usr/bin/env bash
# Routing measured through the server (docs/benchmarks.md): for each strategy given, a fresh data directory, the
# server jar with its in-process simulators answering as the default seeded market (PAYRAIL_SIM_MARKET=default), then
# market_payment at RATE per second for SECONDS (after a 20 s warm-up), its authorization rate and provider shares.
#   payrail-bench/scripts/market-routing.sh [RATE] [SECONDS] rules success_rate rules success_rate
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
rate=${1:-30}; seconds=${2:-150}; shift 2 || true
[ $# -gt 0 ] || set -- rules success_rate
jar=${PAYRAIL_SERVER_JAR:-$here/payrail-server/target/payrail-server.jar}
port=18080
for strategy in "$@"; do
  dir=$(mktemp -d /tmp/market-$strategy-XXXX)
  PAYRAIL_DATA_DIR=$dir PAYRAIL_PORT=$port PAYRAIL_STRIPE_PORT=-1 PAYRAIL_SIM_MARKET=${PAYRAIL_SIM_MARKET:-default} \
    PAYRAIL_ROUTING_STRATEGY=$strategy java -jar "$jar" > "$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -sf localhost:$port/actuator/health >/dev/null 2>&1 && break; sleep 1; done
  printf '%s ' "$strategy"
  java -jar "$here/payrail-bench/target/payrail-bench.jar" --url http://localhost:$port --data-dir "$dir" \
    --scenario market_payment --rate "$rate" --duration "$seconds" --warmup 20 --workers 64 --pgbench-clients 0 2>&1 \
    | grep -m1 '^| market_payment'
  kill $pid; wait $pid 2>/dev/null
  rm -rf "$dir"
done
