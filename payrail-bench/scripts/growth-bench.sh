#!/usr/bin/env bash
# The growth benchmark's measurements on one data directory (docs/benchmarks.md, "growth"): starts Payrail on it (an
# empty one, or one filled by growth-fill.sh), with the incremental ledger check and the signals every 30 s and
# pg_stat_statements on, then:
#   1. every console search and list (console-searches.sh, 100 requests each);
#   2. card payments, open loop, at the given step rates (run-benchmarks' load generator), the checks running;
#   3. the webhook flood at 250 and 500/s;
#   4. the full ledger audit (GET /v1/admin/ledger/check), timed;
#   5. the scheduled ledger runs (ledger_checkpoints) and the slowest statements of the background work.
#   PAYRAIL_SERVER_JAR=... payrail-bench/scripts/growth-bench.sh <data-dir> <out-dir> [step rates 50,100,150,200]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
data=$1 out=$2 rates=${3:-50,100,150,200}
port=8096 admin=bench-admin-token-0123456789abcdef
mkdir -p "$out" "$data"
jar=${PAYRAIL_SERVER_JAR:-$here/payrail-server/target/payrail-server.jar}
PAYRAIL_PORT=$port PAYRAIL_STRIPE_PORT=-1 PAYRAIL_DATA_DIR=$data PAYRAIL_ADMIN_TOKEN=$admin \
PAYRAIL_STRIPE_WEBHOOK_SECRETS=whsec_payrail_bench PAYRAIL_WEBHOOKS_ALLOW_PRIVATE=true \
PAYRAIL_RATE_LIMIT_PER_KEY=100000 PAYRAIL_RATE_LIMIT_PER_IP=100000 \
PAYRAIL_LEDGER_INVARIANT_CHECK_INTERVAL=30s PAYRAIL_OPS_SIGNALS_INTERVAL=30s \
  java -jar "$jar" > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 600); do
  [ -s "$data/demo-merchant.key" ] && curl -sf "localhost:$port/actuator/health" >/dev/null && break
  kill -0 $server 2>/dev/null || { echo "Payrail did not start; see $out/server.log" >&2; exit 1; }
  sleep 1
done
pg=$(sed -n 4p "$data/pg/postmaster.pid")
sql() { psql -h localhost -p "$pg" -U postgres -At postgres -c "$1"; }
echo "started in $(grep -o 'Started PayrailApplication in [0-9.]* seconds' "$out/server.log" | grep -o '[0-9.]*' | head -1) s"
sql "select 'payments ' || count(*) from payments"
sql "select 'database ' || pg_database_size(current_database()) / 1048576 || ' MiB'"
sql "create extension if not exists pg_stat_statements" > /dev/null 2>&1 || true
sleep 35                                  # a first scheduled ledger run (a catch-up on a filled database)
sql "select 'ledger run: ' || lines_checked || ' lines, ' || entries_checked || ' entries, ' || funds_checked
     || ' payments/payouts, ' || millis || ' ms' from ledger_checkpoints order by id desc limit 3"
key=$(curl -sf -X POST "localhost:$port/v1/admin/merchants/mer_g0000001/api_keys" -H "Authorization: Bearer $admin" \
        -H 'Content-Type: application/json' -d '{"kind": "secret"}' | sed -E 's/.*"secret":"([^"]+)".*/\1/' || true)
[ -n "$key" ] && [ "${key#sk_}" != "$key" ] || key=$(cat "$data/demo-merchant.key")
sql "select pg_stat_statements_reset()" > /dev/null 2>&1 || true
"$here/payrail-bench/scripts/console-searches.sh" "http://localhost:$port" "$admin" "$key" 50 | tee "$out/console.txt"
java -jar "$here/payrail-bench/target/payrail-bench.jar" --url "http://localhost:$port" --data-dir "$data" \
  --out-dir "$out/card" --scenario card_payment --rates "$rates" --duration 30 --warmup 10 --pgbench-clients 0 \
  | tee "$out/card.txt" | grep -E "^\| card_payment" | head -20
java -jar "$here/payrail-bench/target/payrail-bench.jar" --url "http://localhost:$port" --data-dir "$data" \
  --out-dir "$out/hooks" --scenario webhook_flood --rates 250,500 --duration 20 --warmup 5 --pgbench-clients 0 \
  | tee "$out/hooks.txt" | grep -E "^\| webhook_flood" | head -10
start=$(date +%s%N)
curl -sf "localhost:$port/v1/admin/ledger/check" -H "Authorization: Bearer $admin" > "$out/ledger-check.json"
echo "full ledger audit: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(head -c 200 "$out/ledger-check.json")"
sql "select 'ledger run: ' || lines_checked || ' lines, ' || entries_checked || ' entries, ' || funds_checked
     || ' payments/payouts, ' || millis || ' ms' from ledger_checkpoints order by id desc limit 6"
sql "select round(mean_exec_time::numeric, 1) || ' ms mean, ' || round(max_exec_time::numeric, 1) || ' max, ' || calls
     || ' calls: ' || regexp_replace(left(query, 150), '\s+', ' ', 'g')
     from pg_stat_statements where query not like '%pg_stat_statements%' order by mean_exec_time desc limit 25" \
  > "$out/statements.txt" 2>/dev/null || true
cat "$out/statements.txt"
