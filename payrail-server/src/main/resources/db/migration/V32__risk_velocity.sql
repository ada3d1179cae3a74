-- Risk velocity (issue 21): attempts and declines per key and minute, and which keys were seen together (distinct
-- cards per IP address, distinct IP addresses per card), per merchant. Keys are HMACs (the risk-velocity key from the
-- at-rest keys): no email, IP address or card fingerprint in clear. Rows older than the longest window and a minute
-- (25 hours) are purged: the tables are bounded by the keys seen in a day.
create table risk_velocity (
    merchant_id text not null,
    kind text not null check (kind in ('card', 'ip', 'email', 'customer', 'bin')),
    key_hash bytea not null check (length(key_hash) = 16),
    minute timestamptz not null,
    attempts int not null default 0 check (attempts >= 0),
    declines int not null default 0 check (declines >= 0),
    primary key (merchant_id, kind, key_hash, minute)
);
comment on table risk_velocity is 'owner: risk';
create index risk_velocity_by_minute on risk_velocity (minute);

create table risk_velocity_pairs (
    merchant_id text not null,
    kind text not null check (kind in ('ip_card', 'card_ip')),
    key_hash bytea not null check (length(key_hash) = 16),
    other_hash bytea not null check (length(other_hash) = 16),
    last_seen timestamptz not null,
    primary key (merchant_id, kind, key_hash, other_hash)
);
comment on table risk_velocity_pairs is 'owner: risk';
create index risk_velocity_pairs_by_last_seen on risk_velocity_pairs (last_seen);
