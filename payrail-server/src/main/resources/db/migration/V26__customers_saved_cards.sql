-- Issue 18: customers, payment methods saved to them, and the stored-credential record of each saved card.

-- A merchant's customer. Deleting one erases what identifies the person (email, name, phone, description, metadata)
-- and keeps the row as a tombstone: payments made by the customer still name its id, as Stripe's do.
create table customers (
    id                      text primary key,
    merchant_id             text not null references merchants (id),
    email                   text,
    name                    text,
    phone                   text,
    description             text,
    metadata                jsonb not null default '{}',
    default_payment_method  text references payment_methods (id),
    created_at              timestamptz not null default now(),
    deleted_at              timestamptz,
    version                 integer not null default 0,
    constraint a_deleted_customer_keeps_nothing_personal check (deleted_at is null or (email is null and name is null
        and phone is null and description is null and metadata = '{}' and default_payment_method is null))
);
comment on table customers is 'owner: customers';
create index customers_by_merchant on customers (merchant_id, created_at desc, id desc) where deleted_at is null;
create index customers_by_email on customers (merchant_id, lower(email), created_at desc, id desc) where deleted_at is null;

-- A payment method saved to a customer: for what (on_session: the customer pays with it again; off_session: the
-- merchant may charge it without them) and the network transaction id of the customer-initiated payment that saved
-- it, which every merchant-initiated payment cites. A detached one has lost its vault record: it can never pay again.
alter table payment_methods add column customer_id text references customers (id);
alter table payment_methods add column saved_for text check (saved_for in ('on_session', 'off_session'));
alter table payment_methods add column network_transaction_id text check (length(network_transaction_id) <= 64);
alter table payment_methods add column attached_at timestamptz;
alter table payment_methods add column detached_at timestamptz;
alter table payment_methods add constraint saved_to_a_customer check ((customer_id is null) = (saved_for is null)
    and (customer_id is null or attached_at is not null));
alter table payment_methods add constraint a_detached_card_is_saved_to_nobody check (detached_at is null or customer_id is null);
create index payment_methods_by_customer on payment_methods (customer_id, attached_at desc, id desc) where customer_id is not null;

-- A payment's customer, what it saves its card for, whether the merchant makes it without the customer, and the
-- network transaction id its authorization got (the id a saved card's later payments cite).
alter table payments add column customer_id text check (customer_id ~ '^cus_[A-Za-z0-9]{1,60}$');
alter table payments add column setup_future_usage text check (setup_future_usage in ('on_session', 'off_session'));
alter table payments add column off_session text check (off_session in ('one_off', 'recurring'));
alter table payments add column network_transaction_id text check (length(network_transaction_id) <= 64);
alter table payments add constraint an_off_session_payment_saves_nothing check (off_session is null or setup_future_usage is null);
create index payments_by_customer on payments (customer_id, created_at desc, id desc) where customer_id is not null;

create or replace view console_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured,
    amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month,
    card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message,
    cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method,
    request_three_d_secure, three_d_secure, action_required_at, bank_redirect_bank, customer_id, off_session,
    setup_future_usage from payments;

-- the console's customer page reads customers and their saved cards through views named for it
create view console_customers as select id, merchant_id, email, name, description, default_payment_method, created_at,
    deleted_at from customers;
comment on view console_customers is 'reader: console';
create view console_payment_methods as select id, merchant_id, brand, last4, exp_month, exp_year, country, fingerprint,
    created_at, customer_id, saved_for, attached_at, detached_at from payment_methods;
comment on view console_payment_methods is 'reader: console';
