-- Issue 21: early fraud warnings. An issuer's fraud report on a payment (Visa TC40, Mastercard SAFE), which a provider
-- passes on (Stripe radar.early_fraud_warning.*, Adyen NOTIFICATION_OF_FRAUD) often weeks before any chargeback. One
-- row per warning and provider (a webhook delivered twice is one warning). Owner: disputes (what follows a payment).
create table early_fraud_warnings (
    id                  text primary key,
    merchant_id         text not null references merchants (id),
    payment_id          text not null references payments (id),
    provider            text not null,
    provider_warning_id text not null,
    fraud_type          text not null,
    -- whether it can still be acted on: false once the payment is refunded, voided or disputed
    actionable          boolean not null,
    reported_at         timestamptz,
    created_at          timestamptz not null default now(),
    -- the merchant's setting when the warning came: pending until the automatic refund (or void) is made
    auto_refund         text not null check (auto_refund in ('off', 'pending', 'refunded', 'voided', 'not_refundable')),
    refund_id           text,
    auto_refund_note    text,
    updated_at          timestamptz not null default now(),
    unique (provider, provider_warning_id)
);
comment on table early_fraud_warnings is 'owner: disputes';
create index early_fraud_warnings_by_payment on early_fraud_warnings (payment_id);
create index early_fraud_warnings_by_merchant on early_fraud_warnings (merchant_id, created_at desc);
create index early_fraud_warnings_to_refund on early_fraud_warnings (created_at) where auto_refund = 'pending';

-- A merchant's risk settings (owner: risk): whether an early fraud warning refunds the payment at once.
create table risk_settings (
    merchant_id                      text primary key references merchants (id),
    refund_on_early_fraud_warning    boolean not null default false,
    updated_at                       timestamptz not null default now()
);
comment on table risk_settings is 'owner: risk';

