#!/usr/bin/env bash
# Closed-loop card payments against one freshly started Payrail jar, with wrk.
#   payrail-bench/scripts/wrk-card-payments.sh <payrail-server.jar> <raw|token> [port]
# Prints one line: the jar, the mode and wrk's requests/s, latency average and maximum, and the CPU time one
# payment took in Payrail's JVM (with its in-process simulators) and in PostgreSQL, from /proc over the timed run.
# "raw" sends the test card with each payment; "token" tokenizes one card first and pays with its pm_ token.
# Every request carries an Idempotency-Key of its own (as a merchant's would); WRK_NO_KEYS=1 sends none.
set -euo pipefail
jar=$1 mode=$2 port=${3:-8097}
data=$(mktemp -d /tmp/payrail-wrk.XXXXXX)
PAYRAIL_PORT=$port PAYRAIL_DATA_DIR=$data PAYRAIL_ADMIN_TOKEN=bench-admin-token-0123456789abcdef \
  java ${PAYRAIL_JAVA_OPTS:-} -jar "$jar" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 120); do [ -s "$data/demo-merchant.key" ] && curl -sf "localhost:$port/actuator/health" >/dev/null && break; sleep 1; done
key=$(cat "$data/demo-merchant.key")
card='{"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}'
if [ "$mode" = token ]; then
  pm=$(curl -s "localhost:$port/v1/payment_methods" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
       -d "{\"card\": $card}" | sed -E 's/.*"id":"(pm_[A-Za-z0-9]+)".*/\1/')
  body="{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true, \"payment_method\": \"$pm\"}"
else
  body="{\"amount\": 2000, \"currency\": \"usd\", \"confirm\": true, \"card\": $card}"
fi
cat > "$data/post.lua" <<LUA
wrk.method = "POST"
wrk.body   = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA
if [ "${WRK_NO_KEYS:-0}" != 1 ]; then
  cat >> "$data/post.lua" <<'LUA'
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local sent = 0
local run = tostring(os.time())
function request()
  sent = sent + 1
  wrk.headers["Idempotency-Key"] = "wrk-" .. run .. "-" .. tostring(tid) .. "-" .. sent
  return wrk.format(nil)
end
LUA
fi
wrk -t2 -c16 -d10s -s "$data/post.lua" "http://localhost:$port/v1/payments" > /dev/null   # warm-up
# CPU seconds (user + system) of Payrail's JVM and of every PostgreSQL process it started, from /proc
cpu() {
  local tck; tck=$(getconf CLK_TCK)
  local pg; pg=$(head -1 "$data/pg/postmaster.pid")
  local jvm=$(awk '{print $14 + $15}' /proc/$server/stat)
  local db=0
  for p in $pg $(pgrep -P "$pg"); do db=$((db + $(awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || echo 0))); done
  echo "$jvm $db $tck"
}
before_cpu=$(cpu)
result=$(wrk -t2 -c16 -d15s -s "$data/post.lua" "http://localhost:$port/v1/payments")
after_cpu=$(cpu)
rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
latency=$(echo "$result" | awk '/Latency/ {print $2, $4}')
non2xx=$(echo "$result" | awk '/Non-2xx/ {print $NF}')
requests=$(echo "$result" | awk '/requests in/ {print $1}')
per_payment=$(python3 -c "
b, a, n = '$before_cpu'.split(), '$after_cpu'.split(), int('$requests')
tck = int(b[2])
print(f'cpu_ms_per_payment(jvm,postgres)={(int(a[0]) - int(b[0])) * 1000 / tck / n:.2f},{(int(a[1]) - int(b[1])) * 1000 / tck / n:.2f}')")
echo "$jar $mode rps=$rps latency(avg,max)=$latency non2xx=${non2xx:-0} $per_payment"
