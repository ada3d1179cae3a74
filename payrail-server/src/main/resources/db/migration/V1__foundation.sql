-- Payrail foundation: merchants and keys, payments, refunds, provider operations,
-- the append-only payment timeline, idempotency keys and card data awaiting confirmation.

create table merchants (
    id          text primary key,
    name        text not null,
    created_at  timestamptz not null default now()
);

create table api_keys (
    id           text primary key,
    merchant_id  text not null references merchants (id),
    key_hash     bytea not null unique,          -- SHA-256 of the secret: keys are random, 190+ bits
    key_prefix   text not null,                  -- first characters, to recognise a key in lists
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz
);

create table payments (
    id                     text primary key,
    merchant_id            text not null references merchants (id),
    amount                 bigint not null check (amount > 0),
    currency               char(3) not null check (currency ~ '^[A-Z]{3}$'),
    status                 text not null check (status in ('requires_confirmation', 'processing', 'requires_capture',
                                                           'succeeded', 'canceled', 'failed')),
    capture_method         text not null check (capture_method in ('automatic', 'manual')),
    amount_captured        bigint not null default 0 check (amount_captured >= 0),
    amount_refunded        bigint not null default 0 check (amount_refunded >= 0),
    amount_refund_pending  bigint not null default 0 check (amount_refund_pending >= 0),
    description            text,
    merchant_reference     text,
    metadata               jsonb not null default '{}'::jsonb,
    card_brand             text,
    card_last4             char(4),
    card_exp_month         int,
    card_exp_year          int,
    provider               text,
    provider_reference     text,
    outcome_unknown        boolean not null default false,
    operation_in_flight    text check (operation_in_flight in ('authorize', 'capture', 'cancel')),
    failure_code           text,
    failure_message        text,
    cancellation_reason    text,
    authorized_at          timestamptz,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    version                bigint not null default 0,
    constraint captured_within_amount check (amount_captured <= amount),
    constraint refunds_within_captured check (amount_refunded + amount_refund_pending <= amount_captured)
);
create index payments_by_merchant_created on payments (merchant_id, created_at desc, id desc);
create index payments_awaiting_capture on payments (authorized_at) where status = 'requires_capture';

create table refunds (
    id                  text primary key,
    merchant_id         text not null references merchants (id),
    payment_id          text not null references payments (id),
    amount              bigint not null check (amount > 0),
    currency            char(3) not null,
    status              text not null check (status in ('pending', 'succeeded', 'failed')),
    reason              text,
    provider_reference  text,
    failure_code        text,
    outcome_unknown     boolean not null default false,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index refunds_by_payment on refunds (payment_id);

-- One row per request sent to a provider. Its id is the provider-side Idempotency-Key, so a
-- request is never re-sent under a new key, and an unknown outcome is resolved by asking about it.
create table provider_operations (
    id                  text primary key,
    payment_id          text not null references payments (id),
    refund_id           text references refunds (id),
    kind                text not null check (kind in ('authorize', 'capture', 'cancel', 'refund')),
    amount              bigint,
    reason              text,                    -- why a cancel was sent: requested_by_customer, expired, ...
    provider            text not null,
    status              text not null check (status in ('in_flight', 'succeeded', 'failed', 'unknown')),
    provider_reference  text,
    detail              text,
    lookups             int not null default 0,
    next_check_at       timestamptz,
    created_at          timestamptz not null default now(),
    completed_at        timestamptz
);
create index provider_operations_unknown on provider_operations (next_check_at) where status = 'unknown';
create index provider_operations_by_payment on provider_operations (payment_id);

-- The append-only timeline of each payment: every transition, with who or what caused it.
create table payment_events (
    id           text primary key,
    merchant_id  text not null references merchants (id),
    payment_id   text not null references payments (id),
    seq          bigserial not null,
    type         text not null,
    from_status  text,
    to_status    text,
    actor        text not null,
    data         jsonb not null default '{}'::jsonb,
    created_at   timestamptz not null default now()
);
create index payment_events_by_payment on payment_events (payment_id, seq);

create function reject_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'P0001';
end;
$$;

create trigger payment_events_append_only
    before update or delete on payment_events
    for each row execute function reject_change();
create trigger payment_events_no_truncate
    before truncate on payment_events
    for each statement execute function reject_change();

create table idempotency_keys (
    scope                text not null,          -- merchant id, or 'admin'
    key                  text not null,
    request_fingerprint  bytea not null,
    request_method       text not null,
    request_path         text not null,
    status               text not null check (status in ('in_progress', 'completed')),
    response_status      int,
    response_body        bytea,
    created_at           timestamptz not null default now(),
    completed_at         timestamptz,
    primary key (scope, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);

-- Card data of a payment created without confirmation, AES-GCM encrypted, until it is confirmed
-- or canceled. The CVC is never stored.
create table pending_card_data (
    payment_id  text primary key references payments (id),
    key_id      text not null,
    ciphertext  bytea not null,
    created_at  timestamptz not null default now()
);
