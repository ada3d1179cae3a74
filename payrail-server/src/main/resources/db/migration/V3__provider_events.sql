-- Inbox of provider webhooks: one row per (provider, provider event id), so a duplicate is stored once.
-- A worker applies due rows; events for payments not known yet are parked with back-off, then flagged.

create table provider_events (
    id                  text primary key,
    provider            text not null,
    provider_event_id   text not null,
    type                text not null,
    payment_reference   text,
    provider_reference  text,
    payload             jsonb not null,
    event_time          timestamptz,
    received_at         timestamptz not null default now(),
    status              text not null check (status in ('pending', 'applied', 'parked', 'flagged')),
    attempts            int not null default 0,
    next_attempt_at     timestamptz not null default now(),
    last_error          text,
    applied_at          timestamptz,
    unique (provider, provider_event_id)
);
create index provider_events_due on provider_events (next_attempt_at) where status in ('pending', 'parked');
