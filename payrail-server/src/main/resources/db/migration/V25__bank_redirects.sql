-- Issue 17: bank-redirect payments (iDEAL-like). The customer's bank is the payment method (no card); once the
-- customer approved at their bank, the provider's operation is 'pending' until the bank settles it.

alter table provider_operations drop constraint provider_operations_status_check;
alter table provider_operations add constraint provider_operations_status_check
    check (status in ('in_flight', 'unknown', 'requires_action', 'pending', 'succeeded', 'failed'));

-- the bank the customer pays from, for a bank-redirect payment; null for a card payment
alter table payments add column bank_redirect_bank text check (bank_redirect_bank ~ '^[a-z_]{2,32}$');
alter table payments add constraint a_payment_is_paid_by_card_or_bank
    check (bank_redirect_bank is null or (card_brand is null and payment_method is null));

-- the resolver asks about settling bank payments too, in case the provider's webhook never comes
drop index provider_operations_to_check;
create index provider_operations_to_check on provider_operations (next_check_at)
    where status in ('unknown', 'requires_action', 'pending');

create or replace view console_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured,
    amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month,
    card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message,
    cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method,
    request_three_d_secure, three_d_secure, action_required_at, bank_redirect_bank from payments;
