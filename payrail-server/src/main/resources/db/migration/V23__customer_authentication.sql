-- Issue 17: payments that wait for the customer (3-D Secure challenges, bank redirects) and payments whose
-- customer failed authentication and may pay with another card.

alter table payments drop constraint payments_status_check;
alter table payments add constraint payments_status_check check (status in ('requires_payment_method',
    'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled', 'failed'));

alter table provider_operations drop constraint provider_operations_status_check;
alter table provider_operations add constraint provider_operations_status_check
    check (status in ('in_flight', 'unknown', 'requires_action', 'succeeded', 'failed'));

-- What the merchant asked for (automatic: when the issuer demands it; any: always), where the customer goes once
-- done (the merchant's return_url), where the provider waits for them while requires_action, since when, and what
-- the authentication established (version, flow, result, ECI, liability shift: never the authentication value).
alter table payments add column request_three_d_secure text not null default 'automatic'
    check (request_three_d_secure in ('automatic', 'any'));
alter table payments add column return_url text check (length(return_url) <= 2048);
alter table payments add column next_action_url text check (length(next_action_url) <= 2048);
alter table payments add column action_required_at timestamptz;
alter table payments add column three_d_secure jsonb;
alter table payments add constraint waiting_payments_say_where
    check ((status = 'requires_action') = (next_action_url is not null and action_required_at is not null));

-- the sweeper's scan of abandoned authentications: only the payments that wait
create index payments_awaiting_customer on payments (action_required_at) where status = 'requires_action';

-- the resolver also asks about authorizations waiting for the customer, in case nobody tells it
drop index provider_operations_unknown;
create index provider_operations_to_check on provider_operations (next_check_at) where status in ('unknown', 'requires_action');

create or replace view console_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured,
    amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month,
    card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message,
    cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method,
    request_three_d_secure, three_d_secure, action_required_at from payments;
