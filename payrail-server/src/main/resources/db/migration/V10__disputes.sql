-- Disputes (inquiries and chargebacks) reported by providers. Status moves only through the dispute
-- transition table in payrail-core; funds_withdrawn records whether the disputed amount and fee have
-- been taken from the merchant (see DisputeFunds). provider_updated_at is the provider's time of the last
-- notification applied: an older one arriving late changes nothing.

create table disputes (
    id                     text primary key,
    merchant_id            text not null references merchants (id),
    payment_id             text not null references payments (id),
    provider               text not null,
    provider_dispute_id    text not null,
    amount                 bigint not null check (amount > 0),
    currency               char(3) not null,
    status                 text not null check (status in ('warning_needs_response', 'needs_response', 'under_review', 'won', 'lost')),
    reason                 text,
    evidence               jsonb not null default '{}'::jsonb,
    evidence_submitted_at  timestamptz,
    due_by                 timestamptz,
    funds_withdrawn        boolean not null default false,
    provider_updated_at    timestamptz,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    unique (provider, provider_dispute_id)
);
create index disputes_by_merchant on disputes (merchant_id, created_at desc, id desc);
create index disputes_awaiting_response on disputes (due_by) where status in ('warning_needs_response', 'needs_response');
create index payments_by_provider_reference on payments (provider, provider_reference);
