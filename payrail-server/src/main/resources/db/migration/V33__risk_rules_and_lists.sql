-- Risk rules and lists (issue 21). A merchant's rule set is replaced whole, as a new version; earlier versions are
-- kept (what decided a payment names its version). List entries are removed by marking them deleted: the history
-- of what was listed, and when, stays.
create table risk_rule_sets (
    merchant_id text not null,
    version int not null check (version > 0),
    created_at timestamptz not null default now(),
    primary key (merchant_id, version)
);
comment on table risk_rule_sets is 'owner: risk';

create table risk_rules (
    merchant_id text not null,
    version int not null,
    position int not null check (position >= 0),
    rule_id text not null check (length(rule_id) between 1 and 64),
    action text not null check (action in ('request_three_d_secure', 'allow', 'block', 'review')),
    condition text not null check (length(condition) between 1 and 2000),
    log_only boolean not null default false,
    primary key (merchant_id, version, position),
    unique (merchant_id, version, rule_id),
    foreign key (merchant_id, version) references risk_rule_sets (merchant_id, version)
);
comment on table risk_rules is 'owner: risk';

create table risk_list_entries (
    id text primary key,
    merchant_id text not null,
    kind text not null check (kind in ('allow', 'block')),
    type text not null check (type in ('card_fingerprint', 'email', 'ip_address', 'card_bin', 'customer')),
    value text not null check (length(value) between 1 and 320),
    description text check (length(description) <= 500),
    created_at timestamptz not null default now(),
    deleted_at timestamptz
);
comment on table risk_list_entries is 'owner: risk';
create unique index risk_list_entries_listed on risk_list_entries (merchant_id, kind, type, value) where deleted_at is null;
create index risk_list_entries_by_merchant on risk_list_entries (merchant_id, created_at desc) where deleted_at is null;
