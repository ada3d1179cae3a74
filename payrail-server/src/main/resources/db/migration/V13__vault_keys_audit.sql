-- The card vault, scoped API keys and the audit log.

-- Payment methods: what may be known of a card outside the vault. The fingerprint is a keyed hash of the
-- number (per merchant), so the same card is recognised without storing it.
create table payment_methods (
    id           text primary key,
    merchant_id  text not null references merchants (id),
    brand        text not null,
    last4        char(4) not null,
    exp_month    int not null,
    exp_year     int not null,
    country      text,
    fingerprint  text not null,
    created_at   timestamptz not null default now()
);
create index payment_methods_by_merchant on payment_methods (merchant_id, created_at desc, id desc);

-- The vault proper, the only table in PCI scope: the card number and holder name, encrypted under a data
-- key of the record's own, which is stored wrapped by the key-encryption key kek_id.
create table vault_cards (
    payment_method_id  text primary key references payment_methods (id),
    kek_id             text not null,
    wrapped_dek        bytea not null,
    ciphertext         bytea not null,
    created_at         timestamptz not null default now(),
    rewrapped_at       timestamptz
);
create index vault_cards_by_kek on vault_cards (kek_id);

-- Key-encryption keys by id (the key material lives in the key store, never here) and which one wraps new
-- data keys. At most one is active.
create table vault_keks (
    id            text primary key,
    state         text not null check (state in ('active', 'decrypt_only', 'retired')),
    created_at    timestamptz not null default now(),
    activated_at  timestamptz,
    retired_at    timestamptz
);
create unique index vault_keks_one_active on vault_keks (state) where state = 'active';

-- Card data of unconfirmed payments now lives in the vault; the payment names its payment method.
alter table payments add column payment_method text references payment_methods (id);
drop table pending_card_data;

-- Keys: secret (full), read-only or restricted secret keys, and publishable keys; test or live mode. A
-- rolled key keeps working until expires_at.
alter table api_keys add column kind text not null default 'secret'
    check (kind in ('secret', 'read_only', 'restricted', 'publishable'));
alter table api_keys add column mode text not null default 'test' check (mode in ('test', 'live'));
alter table api_keys add column permissions text[] not null default '{}';
alter table api_keys add column name text;
alter table api_keys add column expires_at timestamptz;
alter table api_keys add column rolled_to text;

-- Every mutating API call, admin action, vault detokenization and key event. Append-only, enforced here.
create table audit_log (
    id           bigserial primary key,
    at           timestamptz not null default now(),
    actor        text not null,
    action       text not null,
    object_type  text,
    object_id    text,
    request_id   text,
    source_ip    text,
    outcome      text not null,
    detail       jsonb not null default '{}'
);
create index audit_log_by_time on audit_log (at desc, id desc);
create index audit_log_by_object on audit_log (object_id) where object_id is not null;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function reject_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function reject_change();

-- The refund guard counts a merchant's refunds of the last day.
create index refunds_by_merchant_time on refunds (merchant_id, created_at);
