#!/usr/bin/env bash
# Each console search and list, timed: N requests of each against a running Payrail (after one untimed request),
# printing the median and p99 of curl's total time in milliseconds (docs/benchmarks.md, "growth").
#   payrail-bench/scripts/console-searches.sh http://localhost:8080 <admin token> <merchant key> [N 100]
# The searches' values are taken from the database's own rows, through the API: a payment id, its merchant reference,
# its provider reference, its merchant, its card's last four digits and its amount.
set -euo pipefail
url=$1 admin=$2 key=$3 n=${4:-100}
get() { curl -sf -H "Authorization: Bearer $1" "$url$2"; }
field() { sed -E "s/.*\"$1\":\"?([^\",}]*).*/\1/"; }
sample=$(get "$admin" "/v1/admin/console/payments?limit=1&status=succeeded")
pay=$(echo "$sample" | field id); merchant=$(echo "$sample" | field merchant_id)
last4=$(echo "$sample" | field card_last4); amount=$(echo "$sample" | field amount)
ref=$(echo "$sample" | field merchant_reference)
week_ago=$(( $(date +%s) - 7 * 86400 )); month_ago=$(( $(date +%s) - 30 * 86400 )); year_ago=$(( $(date +%s) - 300 * 86400 ))
time_it() {
  local name=$1 token=$2 path=$3
  get "$token" "$path" > /dev/null || { echo "$name: failed ($path)"; return; }
  for _ in $(seq "$n"); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url$path"; done |
    sort -n | awk -v name="$name" '{ t[NR] = $1 * 1000 } END { printf "%-34s median %7.1f ms   p99 %7.1f ms\n", name, t[int((NR + 1) / 2)], t[int(NR * 0.99 + 0.5)] }'
}
time_it "search: newest (no filter)" "$admin" "/v1/admin/console/payments?limit=50"
time_it "search: payment id" "$admin" "/v1/admin/console/payments?q=$pay"
time_it "search: merchant reference" "$admin" "/v1/admin/console/payments?q=$ref"
time_it "search: merchant id" "$admin" "/v1/admin/console/payments?q=$merchant&limit=50"
time_it "search: last4" "$admin" "/v1/admin/console/payments?last4=$last4&limit=50"
time_it "search: amount" "$admin" "/v1/admin/console/payments?amount=$amount&limit=50"
time_it "search: status failed" "$admin" "/v1/admin/console/payments?status=failed&limit=50"
time_it "search: status requires_capture" "$admin" "/v1/admin/console/payments?status=requires_capture&limit=50"
time_it "search: status processing (none)" "$admin" "/v1/admin/console/payments?status=processing&limit=50"
time_it "search: date range (a month ago)" "$admin" "/v1/admin/console/payments?created%5Bgte%5D=$month_ago&created%5Blte%5D=$((month_ago + 86400))&limit=50"
time_it "search: last4 + status + date" "$admin" "/v1/admin/console/payments?last4=$last4&status=succeeded&created%5Bgte%5D=$year_ago&created%5Blte%5D=$week_ago&limit=50"
time_it "payment's history" "$admin" "/v1/admin/console/payments/$pay"
time_it "overview" "$admin" "/v1/admin/console/overview"
time_it "routing" "$admin" "/v1/admin/console/routing"
time_it "queues" "$admin" "/v1/admin/console/queues"
time_it "balances" "$admin" "/v1/admin/console/balances"
time_it "reconciliation runs" "$admin" "/v1/admin/console/reconciliation_runs"
time_it "audit log, newest" "$admin" "/v1/admin/audit_log?limit=50"
time_it "audit log, by object" "$admin" "/v1/admin/audit_log?object=$pay&limit=50"
time_it "audit log, by actor" "$admin" "/v1/admin/audit_log?actor=provider_adapter:stripe&limit=50"
time_it "API: list payments" "$key" "/v1/payments?limit=50"
time_it "API: list payments, failed" "$key" "/v1/payments?limit=50&status=failed"
time_it "API: list events" "$key" "/v1/events?limit=50"
time_it "API: list refunds" "$key" "/v1/refunds?limit=50"
time_it "API: balance transactions" "$key" "/v1/balance_transactions?limit=50"
