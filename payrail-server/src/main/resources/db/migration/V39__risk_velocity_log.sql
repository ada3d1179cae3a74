-- Risk velocity counted in each process's memory with this table as their log (decision 0013): every committed
-- attempt and decline, one row each, written behind (batched every 100 ms) by the process that counted it, read by
-- every other process over the same database (every 200 ms) and by a process at its start (the last 25 hours). A row
-- counts `attempts` and `declines` in its minute under each key it names, and its card and address seen together when
-- it names both. Keys are HMACs (the risk-velocity key from the at-rest keys), as in risk_velocity: no email, IP
-- address or card fingerprint in clear. Append-only; rows older than 25 hours are purged.
create table risk_velocity_log (
    id bigserial primary key,
    process_id text not null,
    merchant_id text not null,
    minute timestamptz not null,
    attempts int not null check (attempts >= 0),
    declines int not null check (declines >= 0),
    card_hash bytea check (length(card_hash) = 16),
    ip_hash bytea check (length(ip_hash) = 16),
    email_hash bytea check (length(email_hash) = 16),
    customer_hash bytea check (length(customer_hash) = 16),
    bin_hash bytea check (length(bin_hash) = 16),
    logged_at timestamptz not null default clock_timestamp()
);
comment on table risk_velocity_log is 'owner: risk';
create index risk_velocity_log_by_minute on risk_velocity_log (minute);

-- What the previous release counted carries over: its per-key minutes, and the cards seen with each address.
insert into risk_velocity_log (process_id, merchant_id, minute, attempts, declines, card_hash, ip_hash, email_hash,
                               customer_hash, bin_hash)
select 'V39', merchant_id, minute, attempts, declines,
       case when kind = 'card' then key_hash end, case when kind = 'ip' then key_hash end,
       case when kind = 'email' then key_hash end, case when kind = 'customer' then key_hash end,
       case when kind = 'bin' then key_hash end
  from risk_velocity order by minute;
insert into risk_velocity_log (process_id, merchant_id, minute, attempts, declines, card_hash, ip_hash)
select 'V39', merchant_id, date_trunc('minute', last_seen), 0, 0, other_hash, key_hash
  from risk_velocity_pairs where kind = 'ip_card' order by last_seen;

-- risk_velocity and risk_velocity_pairs are no longer written or read by this release. They stay while the release
-- before it may still run beside it (a rolling deploy), and are dropped in a later release.
