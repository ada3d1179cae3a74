-- Issue 21: the review queue. A payment whose risk evaluation asked for a review is authorized without capture and a
-- review opens with its authorization; an analyst approves it (the payment is captured) or refuses it (voided), before
-- its deadline (ahead of the authorization's expiry). Owner: payments (a review is a hold on a payment).
create table payment_reviews (
    id            text primary key,
    merchant_id   text not null references merchants (id),
    payment_id    text not null references payments (id),
    status        text not null check (status in ('open', 'approved', 'refused')),
    -- the rule or list entry that asked for it
    reason        text not null,
    opened_at     timestamptz not null default now(),
    deadline      timestamptz not null,
    closed_at     timestamptz,
    closed_by     text,
    -- approved: captured; refused: the cancellation reason (fraudulent, expired, ...)
    closed_reason text,
    comment       text,
    check ((status = 'open') = (closed_at is null))
);
comment on table payment_reviews is 'owner: payments';
create unique index payment_reviews_one_open on payment_reviews (payment_id) where status = 'open';
create index payment_reviews_queue on payment_reviews (merchant_id, deadline) where status = 'open';
create index payment_reviews_by_merchant on payment_reviews (merchant_id, opened_at desc);

alter table payments add column review_id text;
