#!/usr/bin/env bash
# Starts a fresh Payrail (embedded PostgreSQL, in-process simulators) and runs the open-loop load generator
# against it: one server per invocation, so earlier runs' rows and parked webhooks do not weigh on this one.
#   payrail-bench/scripts/run-benchmarks.sh <out-dir> <load generator options...>
# e.g. payrail-bench/scripts/run-benchmarks.sh /tmp/bench-card --scenario card_payment --step-rates 50,100,200,400
# PAYRAIL_SIM_LATENCY_MS (default 0) is the simulator's added latency, passed on so that it is subtracted.
# PAYRAIL_SERVER_JAR runs another build of the server (to compare builds in one session).
# PAYRAIL_BENCH_DATA_DIR runs it on a data directory kept between runs (a growth-filled one: growth-fill.sh), which is
# left in place afterwards.
# PAYRAIL_BENCH_PG_SETTINGS="fsync=off ..." changes reloadable PostgreSQL settings once Payrail is up: for
# diagnosis only (what a setting costs), never for quoted results.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$1; shift
port=${PAYRAIL_BENCH_PORT:-8096}
# the Stripe-compatible surface's port, for the stripe_card_payment scenario
stripe_port=${PAYRAIL_BENCH_STRIPE_PORT:-$((port + 1))}
sim_ms=${PAYRAIL_SIM_LATENCY_MS:-0}
data=${PAYRAIL_BENCH_DATA_DIR:-$(mktemp -d /tmp/payrail-bench.XXXXXX)}
[ -n "${PAYRAIL_BENCH_DATA_DIR:-}" ] && remove_data= || remove_data=$data
mkdir -p "$out"
PAYRAIL_PORT=$port PAYRAIL_STRIPE_PORT=$stripe_port PAYRAIL_DATA_DIR=$data PAYRAIL_ADMIN_TOKEN=bench-admin-token-0123456789abcdef \
PAYRAIL_SIM_LATENCY=${sim_ms}ms PAYRAIL_STRIPE_WEBHOOK_SECRETS=whsec_payrail_bench PAYRAIL_WEBHOOKS_ALLOW_PRIVATE=true \
PAYRAIL_RATE_LIMIT_PER_KEY=100000 PAYRAIL_RATE_LIMIT_PER_IP=100000 \
PAYRAIL_SECURITY_MAX_REFUNDS_PER_MERCHANT_PER_DAY=10000000 \
  java ${PAYRAIL_BENCH_SERVER_OPTS:-} -jar "${PAYRAIL_SERVER_JAR:-$here/payrail-server/target/payrail-server.jar}" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; [ -z "$remove_data" ] || rm -rf "$remove_data"' EXIT
for _ in $(seq 120); do
  [ -s "$data/demo-merchant.key" ] && curl -sf "localhost:$port/actuator/health" >/dev/null && break
  kill -0 $server 2>/dev/null || { echo "Payrail did not start; see $out/server.log" >&2; exit 1; }
  sleep 1
done
for setting in ${PAYRAIL_BENCH_PG_SETTINGS:-}; do
  psql -h localhost -p "$(sed -n 4p "$data/pg/postmaster.pid")" -U postgres -Atq postgres \
    -c "alter system set ${setting%%=*} = '${setting#*=}'" -c "select pg_reload_conf()" > /dev/null
done
java -jar "$here/payrail-bench/target/payrail-bench.jar" --url "http://localhost:$port" --data-dir "$data" \
  --sim-latency-ms "$sim_ms" --stripe-url "http://localhost:$stripe_port" --out-dir "$out" "$@"
