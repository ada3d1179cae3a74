-- Merchant webhook endpoints and the deliveries of events to them. A delivery row is written in the same
-- transaction as its event, so a crash after commit delays a delivery but never loses it.

create table webhook_endpoints (
    id                          text primary key,
    merchant_id                 text not null references merchants (id),
    url                         text not null,
    enabled_events              text[] not null,
    secret                      text not null,
    previous_secret             text,
    previous_secret_expires_at  timestamptz,
    status                      text not null check (status in ('enabled', 'disabled')),
    consecutive_failures        int not null default 0,
    created_at                  timestamptz not null default now(),
    deleted_at                  timestamptz
);
create index webhook_endpoints_by_merchant on webhook_endpoints (merchant_id) where deleted_at is null;

create table event_deliveries (
    id               text primary key,
    event_id         text not null references payment_events (id),
    endpoint_id      text not null references webhook_endpoints (id),
    status           text not null check (status in ('pending', 'succeeded', 'failed')),
    attempts         int not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_status      int,
    last_error       text,
    created_at       timestamptz not null default now(),
    completed_at     timestamptz,
    unique (event_id, endpoint_id)
);
create index event_deliveries_due on event_deliveries (next_attempt_at) where status = 'pending';

create table delivery_attempts (
    id            bigserial primary key,
    delivery_id   text not null references event_deliveries (id),
    attempted_at  timestamptz not null default now(),
    status        int,
    latency_ms    int,
    error         text
);
create index delivery_attempts_by_delivery on delivery_attempts (delivery_id, id);
