#!/usr/bin/env bash
# What one card payment costs the database, from PostgreSQL's own counters.
#   payrail-bench/scripts/payment-cost.sh <payrail-server.jar> [payments=1000] [port=8098] [card|capture|refund]
# card (the default): one card payment, confirm: true, automatic capture. capture: a manual-capture payment and
# its capture, counted together. refund: a full refund of a captured payment (the payments are made beforehand).
# Starts the jar on a fresh data directory, restarts it once with pg_stat_statements preloaded, then pays
# <payments> times (confirm: true, a pm_ token, automatic capture, a unique Idempotency-Key each) from four
# curl processes. The same wall time is measured idle first and subtracted, so the background jobs (resolver,
# outbox, sweeper polls) do not count. Prints per-payment transactions, write transactions, statements (and
# the statements per payment by kind), rows inserted and updated, and WAL bytes.
set -euo pipefail
jar=$1 n=${2:-1000} port=${3:-8098} scenario=${4:-card}
data=$(mktemp -d /tmp/payrail-cost.XXXXXX)
start() {
  PAYRAIL_PORT=$port PAYRAIL_DATA_DIR=$data PAYRAIL_ADMIN_TOKEN=bench-admin-token-0123456789abcdef \
    java -jar "$jar" >> "$data/server.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do [ -s "$data/demo-merchant.key" ] && curl -sf "localhost:$port/actuator/health" >/dev/null && break; sleep 1; done
}
stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
trap 'stop; rm -rf "$data"' EXIT
start
pg=$(sed -n 4p "$data/pg/postmaster.pid" | tr -d ' ')
q() { psql -h localhost -p "$pg" -U postgres -d postgres -XAtqc "$1"; }
q "alter system set shared_preload_libraries = 'pg_stat_statements'" >/dev/null
stop
start
pg=$(sed -n 4p "$data/pg/postmaster.pid" | tr -d ' ')
q "create extension if not exists pg_stat_statements" >/dev/null
key=$(cat "$data/demo-merchant.key")
pm=$(curl -s "localhost:$port/v1/payment_methods" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
     -d '{"card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}}' \
     | sed -E 's/.*"id":"(pm_[A-Za-z0-9]+)".*/\1/')
post() {   # post <path> <key> <body>: prints the answer's id (its first "id", or -) and status
  local answer; answer=$(curl -s -w ' %{http_code}' "localhost:$port$1" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $2" -d "$3")
  local id; id=$(grep -o '"id":"[a-z]*_[A-Za-z0-9]*"' <<< "$answer" | head -1 | cut -d'"' -f4)
  echo "${id:--} ${answer##* }"
}
export -f post; export port key pm
one() {   # one iteration of the scenario; prints its last answer's status
  local tag=$1 i=$2
  case $scenario in
    card) post /v1/payments "$tag-$i" "{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true, \"payment_method\": \"$pm\"}" | cut -d' ' -f2 ;;
    capture)
      local id; id=$(post /v1/payments "$tag-$i" "{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true, \"capture_method\": \"manual\", \"payment_method\": \"$pm\"}" | cut -d' ' -f1)
      post "/v1/payments/$id/capture" "$tag-$i-capture" '{}' | cut -d' ' -f2 ;;
    refund) post /v1/refunds "$tag-$i" "{\"payment\": \"$(sed -n "${i}p" "$data/captured.txt")\"}" | cut -d' ' -f2 ;;
  esac
}
export -f one; export scenario data
pay() { seq $((${3:-0} + 1)) $((${3:-0} + $1)) | xargs -P4 -I{} bash -c "one $2 {}"; }   # pay <count> <tag> [first-1]
if [ "$scenario" = refund ]; then      # the payments to refund, made before anything is counted
  seq $((n * 2 + 200)) | xargs -P4 -I{} bash -c 'post /v1/payments "captured-{}" "{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true, \"payment_method\": \"$pm\"}" | cut -d" " -f1' > "$data/captured.txt"
fi
pay 200 warm >/dev/null                      # JIT, pools and caches warm before counting
sleep 3
snapshot() {
  q "select (select xact_commit + xact_rollback from pg_stat_database where datname = current_database()),
            (select tup_inserted from pg_stat_database where datname = current_database()),
            (select tup_updated from pg_stat_database where datname = current_database()),
            pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
            (select coalesce(sum(calls), 0) from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())),
            txid_current()"
}
# idle: what the background jobs cost over the same time the payments take
t0=$(date +%s.%N); pay "$n" timing 200 >/dev/null; t1=$(date +%s.%N)
elapsed=$(echo "$t1 - $t0" | bc)
sleep 3
q "select pg_stat_statements_reset()" >/dev/null
a=$(snapshot); sleep "$elapsed"; sleep 3; b=$(snapshot)
q "select pg_stat_statements_reset()" >/dev/null
codes=$(pay "$n" cost $((200 + n)) | sort | uniq -c | tr '\n' ' ')
sleep 3
c=$(snapshot)
q "select calls, round(total_exec_time::numeric, 1), regexp_replace(left(query, 90), '\s+', ' ', 'g') from pg_stat_statements
   where dbid = (select oid from pg_database where datname = current_database()) order by calls desc limit 40" > "$data/statements.txt"
# indexes the payments wrote to, and how often anything read them over the whole run (warm-up included)
q "select relname, indexrelname, idx_scan from pg_stat_user_indexes where relname in
   ('payments', 'payment_events', 'provider_operations', 'idempotency_keys', 'audit_log', 'journal_entries', 'journal_lines',
    'account_balances', 'balance_transactions', 'settlements_due', 'event_deliveries', 'kafka_outbox')
   order by relname, indexrelname" > "$data/indexes.txt"
python3 - "$a" "$b" "$c" "$n" "$codes" "$data/statements.txt" "$data/indexes.txt" <<'PY'
import sys
a, b, c = ([int(x) for x in s.split('|')] for s in sys.argv[1:4])
n = int(sys.argv[4])
idle = [b[i] - a[i] for i in range(6)]
load = [c[i] - b[i] for i in range(6)]
# the snapshots' own statements and transactions (3 statements, one with an xid) cancel out between the windows
names = ["transactions", "rows inserted", "rows updated", "WAL bytes", "statements", "write transactions"]
print(f"answers: {sys.argv[5].strip()}")
for i, name in enumerate(names):
    print(f"{name:20s} {(load[i] - idle[i]) / n:10.2f} per payment   (idle window: {idle[i]})")
print("\nstatements per payment, by kind, with the database's own execution time (pg_stat_statements, the load window):")
print(" calls   exec ms  statement")
total = 0.0
for line in open(sys.argv[6]):
    calls, ms, query = line.rstrip('\n').split('|', 2)
    if int(calls) >= n / 2:
        total += float(ms) / n
        print(f"{int(calls) / n:6.2f}  {float(ms) / n:7.3f}  {query}")
print(f"        {total:7.3f}  in all (execution only: parse, plan, commit and the WAL flush are not in it)")
print("\nindexes of the tables a payment writes, and how many scans read them over the run:")
for line in open(sys.argv[7]):
    table, index, scans = line.rstrip('\n').split('|')
    print(f"  {table:22s} {index:45s} {scans}")
PY
