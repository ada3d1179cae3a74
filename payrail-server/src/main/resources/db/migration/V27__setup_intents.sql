-- Issue 18: save a card without a payment. The provider verifies it with a zero-amount authorization (3-D Secure where
-- the issuer asks) before it is saved to the customer; a refusal waits for another card. No money moves, so a
-- verification has no provider operation to resolve: a lost answer is a refusal the customer may retry.
create table setup_intents (
    id                      text primary key,
    merchant_id             text not null references merchants (id),
    customer_id             text not null references customers (id),
    status                  text not null check (status in ('requires_payment_method', 'requires_confirmation',
                                                            'requires_action', 'processing', 'succeeded', 'canceled')),
    usage                   text not null check (usage in ('on_session', 'off_session')),
    currency                text not null,
    payment_method          text references payment_methods (id),
    request_three_d_secure  text not null default 'automatic' check (request_three_d_secure in ('automatic', 'any')),
    return_url              text,
    provider                text,
    operation_key           text,
    provider_reference      text,
    next_action_url         text,
    network_transaction_id  text check (length(network_transaction_id) <= 64),
    failure_code            text,
    failure_message         text,
    cancellation_reason     text,
    metadata                jsonb not null default '{}',
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now(),
    version                 integer not null default 0,
    constraint a_waiting_setup_intent_names_where check (status <> 'requires_action' or next_action_url is not null),
    constraint a_confirmed_setup_intent_has_a_card check (status in ('requires_payment_method', 'canceled')
        or payment_method is not null)
);
comment on table setup_intents is 'owner: setupintents';
create index setup_intents_by_merchant on setup_intents (merchant_id, created_at desc, id desc);
create index setup_intents_by_customer on setup_intents (customer_id, created_at desc, id desc);
