#!/usr/bin/env bash
# The growth generator (docs/benchmarks.md, "growth"): fills a Payrail database with PAYMENTS payments spread over the
# DAYS days before now among MERCHANTS merchants, with their events, provider operations, refunds, journal entries and
# lines, balances, balance transactions, audit rows, kept Idempotency-Keys, provider webhooks and webhook deliveries
# (growth-chunk.sql, one transaction per CHUNK payments), then analyzes and prints each table's size.
#   PGPORT=... payrail-bench/scripts/growth-fill.sh 10000000 [merchants 2000] [days 365] [chunk 200000]
# The database is the one a running server uses (PAYRAIL_DATA_DIR's embedded PostgreSQL: its port is in the server's
# log, "embedded PostgreSQL on port N"), or any Payrail database reachable with the PG* variables.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
total=${1:?payments}
merchants=${2:-2000}
days=${3:-365}
chunk=${4:-200000}
export PGHOST=${PGHOST:-localhost} PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-postgres}
psql -q -v ON_ERROR_STOP=1 -v merchants="$merchants" -v days="$days" <<'SQL'
insert into merchants (id, name, created_at)
select 'mer_g' || lpad(m::text, 7, '0'), 'Growth merchant ' || m, now() - (:days + 30) * interval '1 day'
from generate_series(1, :merchants) m on conflict do nothing;
insert into webhook_endpoints (id, merchant_id, url, enabled_events, secret_sealed, secret_key_id, status, created_at)
select 'we_' || substr(md5(m::text || 'we'), 1, 22), 'mer_g' || lpad(m::text, 7, '0'),
       'https://merchant' || m || '.example.com/payrail', array['*'], decode(md5(m::text || 'secret'), 'hex'), 'growth',
       'enabled', now() - (:days + 30) * interval '1 day'
from generate_series(3, :merchants, 3) m on conflict do nothing;
-- the ledger has run as long as the history it holds (the funds identity counts payments since it started)
update ledger_meta set started_at = least(started_at, now() - (:days + 1) * interval '1 day');
SQL
started=$(date +%s)
for ((lo = 1; lo <= total; lo += chunk)); do
  hi=$((lo + chunk - 1 < total ? lo + chunk - 1 : total))
  psql -q -v lo="$lo" -v hi="$hi" -v total="$total" -v merchants="$merchants" -v days="$days" -f "$here/growth-chunk.sql"
  echo "payments $hi of $total after $(( $(date +%s) - started )) s"
done
psql -q -c 'analyze'
psql -At -F' ' -c "select relname, pg_total_relation_size(oid) / 1048576 || ' MiB', reltuples::bigint || ' rows'
                   from pg_class where relkind in ('r', 'p') and relnamespace = 'public'::regnamespace
                   and pg_total_relation_size(oid) > 1048576 order by pg_total_relation_size(oid) desc"
psql -At -c "select 'database ' || pg_database_size(current_database()) / 1048576 || ' MiB'"
echo "filled in $(( $(date +%s) - started )) s"
