-- Hosted checkout (issue 17): a session is the page a customer pays on. Its payment is created with it
-- (unconfirmed, in the same commit), so a customer's double submit can only confirm that one payment once.
create table checkout_sessions (
    id                     text primary key,
    merchant_id            text not null references merchants (id),
    status                 text not null check (status in ('open', 'complete', 'expired')),
    payment_id             text not null unique,
    amount                 bigint not null check (amount > 0),
    currency               text not null,
    description            text,
    success_url            text not null,
    cancel_url             text not null,
    payment_method_types   text[] not null,
    expires_at             timestamptz not null,
    created_at             timestamptz not null default now(),
    completed_at           timestamptz,
    expired_at             timestamptz,
    -- every submit of the page counts, under the session's lock: card testing through one session is capped
    attempts               integer not null default 0,
    version                integer not null default 0
);
comment on table checkout_sessions is 'owner: checkout';
-- the expiry sweeper's walk: only open sessions past their time
create index checkout_sessions_expiring on checkout_sessions (expires_at) where status = 'open';
create index checkout_sessions_by_merchant on checkout_sessions (merchant_id, created_at desc, id desc);
