-- Smart retries (issue 20): a merchant-initiated payment may ask to be tried again after a soft decline, on a
-- schedule (docs/routing.md). The schedule lives on the payment: how many attempts it made, since when, when the next
-- is due, and why it stopped. A retry waits only in requires_payment_method, and only a merchant-initiated card
-- payment has one.
alter table payments add column smart_retries boolean not null default false;
alter table payments add column retry_attempts int not null default 0 check (retry_attempts >= 0);
alter table payments add column retry_first_declined_at timestamptz;
alter table payments add column next_retry_at timestamptz;
alter table payments add column retry_stop_reason text check (retry_stop_reason in ('hard_decline', 'not_retryable',
    'attempts_exhausted', 'window_exhausted', 'network_limit', 'canceled', 'succeeded'));
alter table payments add constraint smart_retries_are_merchant_initiated
    check (not smart_retries or off_session is not null);
alter table payments add constraint a_retry_waits_for_its_payment
    check (next_retry_at is null or (smart_retries and status = 'requires_payment_method'));
create index payments_retries_due on payments (next_retry_at) where next_retry_at is not null;
-- a card's declines at its merchant, for the networks' retry limits
create index payments_by_payment_method on payments (payment_method) where payment_method is not null;

-- The issuer's decline code of an attempt it declined (null: approved, or it never reached the issuer).
alter table provider_operations add column decline_code text check (length(decline_code) <= 64);
