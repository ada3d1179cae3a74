-- Issue 18: SEPA-Direct-Debit-like bank debits. A bank account is a payment method too: its IBAN lives in the vault,
-- sealed like a card number; what may be known outside it is its country, last four characters and a fingerprint.
alter table payment_methods add column type text not null default 'card' check (type in ('card', 'sepa_debit'));
alter table payment_methods alter column brand drop not null;
alter table payment_methods alter column exp_month drop not null;
alter table payment_methods alter column exp_year drop not null;
alter table payment_methods add constraint a_card_has_a_brand_and_an_expiry
    check ((type = 'card') = (brand is not null and exp_month is not null and exp_year is not null));

-- The payer's authorization for the merchant to debit their account: its reference (sent with every debit, unique per
-- creditor), when and how it was accepted. Revoked (inactive), it allows no debit more.
create table mandates (
    id                text primary key,
    merchant_id       text not null references merchants (id),
    customer_id       text not null references customers (id),
    payment_method    text not null unique references payment_methods (id),
    status            text not null check (status in ('active', 'inactive')),
    reference         text not null check (length(reference) between 1 and 35),
    acceptance_type   text not null check (acceptance_type in ('online', 'offline')),
    accepted_at       timestamptz not null,
    ip_address        text,
    user_agent        text,
    created_at        timestamptz not null default now(),
    revoked_at        timestamptz,
    constraint an_online_acceptance_says_from_where check (acceptance_type <> 'online'
        or (ip_address is not null and user_agent is not null)),
    unique (merchant_id, reference)
);
comment on table mandates is 'owner: customers';
create index mandates_by_customer on mandates (customer_id, created_at desc);

-- A debit's account (country and last four of the IBAN) and mandate; a return after success takes the whole amount
-- back (SEPA returns are of the whole debit), once.
alter table payments add column debit_country text check (debit_country ~ '^[A-Z]{2}$');
alter table payments add column debit_last4 text check (debit_last4 ~ '^[A-Z0-9]{4}$');
alter table payments add column mandate_id text;
alter table payments add column amount_returned bigint not null default 0
    check (amount_returned >= 0 and amount_returned <= amount_captured);
alter table payments add column returned_at timestamptz;
alter table payments add column return_reason text;
-- the provider's name of the return (Stripe's dispute id): what its settlement report lists the return under
alter table payments add column return_reference text;
alter table payments add constraint a_return_is_of_a_debit check (amount_returned = 0 or mandate_id is not null);

create or replace view ledger_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured,
    amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month,
    card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message,
    cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method, amount_returned
    from payments;

create or replace view reconciliation_payments as select id, merchant_id, amount, currency, status, capture_method,
    amount_captured, amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4,
    card_exp_month, card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code,
    failure_message, cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method,
    amount_returned, returned_at, return_reference from payments;

create or replace view console_payment_methods as select id, merchant_id, brand, last4, exp_month, exp_year, country,
    fingerprint, created_at, customer_id, saved_for, attached_at, detached_at, type from payment_methods;
