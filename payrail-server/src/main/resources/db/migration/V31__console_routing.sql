-- The console's routing page (issue 20): authorization rates by provider and segment read from provider
-- operations (with the issuer's decline code), and the smart-retry schedules read from payments.
create or replace view console_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured,
    amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month,
    card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message,
    cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method,
    request_three_d_secure, three_d_secure, action_required_at, bank_redirect_bank, customer_id, off_session,
    setup_future_usage, smart_retries, retry_attempts, retry_first_declined_at, next_retry_at, retry_stop_reason from payments;
create or replace view console_provider_operations as select id, payment_id, refund_id, kind, amount, reason, provider, status,
    provider_reference, detail, lookups, next_check_at, created_at, completed_at, decline_code from provider_operations;
-- schedules that ran, newest first: the console lists the latest without reading every payment
create index payments_retry_schedules on payments (updated_at desc) where retry_first_declined_at is not null;
