-- The same rows as card-payment-writes.sql, written the way Payrail could write them: the payment inserted
-- already claimed, events, journal lines and balance changes as multi-row statements, and the idempotency
-- answer committed with the request's audit row. Five write transactions and 14 statements instead of
-- seven and 31: the headroom that folding Payrail's statements would buy, measured on the same tables.
-- Variables from the caller: -D merchant=mer_... -D pm=pm_...
\set n random(1, 9000000000000000000)
\set bucket random(0, 7)
insert into idempotency_keys (scope, key, request_fingerprint, request_method, request_path, status)
values (':merchant', 'bench-' || :n, '\x0102030405060708090a0b0c0d0e0f10', 'POST', '/v1/payments', 'in_progress');
begin;
insert into payments (id, merchant_id, amount, currency, status, capture_method, metadata, card_brand, card_last4,
                      card_exp_month, card_exp_year, payment_method, provider, routing_rule, operation_in_flight, version)
values ('pay_b' || :n, ':merchant', 2000, 'USD', 'processing', 'automatic', '{}', 'visa', '4242', 12, 2034, ':pm',
        'simulator', 'default', 'authorize', 1);
update idempotency_keys set recovery_path = '/v1/payments/pay_b' || :n where scope = ':merchant' and key = 'bench-' || :n;
insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data, object_seq, api_version, object)
values ('evt_c' || :n, ':merchant', 'pay_b' || :n, 'payment.created', null, 'requires_confirmation', 'api_key', '{}', 1, '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "requires_confirmation", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": null, "description": null, "failure_code": null, "routing_rule": null, "authorized_at": null, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 0, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": null, "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": null, "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json),
       ('evt_p' || :n, ':merchant', 'pay_b' || :n, 'payment.processing', 'requires_confirmation', 'processing', 'api_key',
        '{"providers": ["simulator"], "routing_rule": "default"}', 2, '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "processing", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": "simulator", "description": null, "failure_code": null, "routing_rule": "default", "authorized_at": null, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 0, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": null, "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": "authorize", "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json);
insert into provider_operations (id, payment_id, kind, amount, provider, status)
values ('op_b' || :n, 'pay_b' || :n, 'authorize', 2000, 'simulator', 'in_flight');
commit;
insert into audit_log (actor, action, object_type, object_id, request_id, outcome, detail)
values ('provider_adapter:simulator', 'vault.detokenize', 'pm', ':pm', 'req_b' || :n, 'ok',
        ('{"payment_id": "pay_b' || :n || '", "operation": "op_b' || :n || '"}')::jsonb);
begin;
with op as (update provider_operations set status = 'succeeded', provider_reference = 'simauth_' || :n, completed_at = now()
             where id = 'op_b' || :n returning id)
update payments set status = 'succeeded', amount_captured = 2000, provider_reference = 'simauth_' || :n,
       operation_in_flight = null, authorized_at = now(), version = version + 1, updated_at = now()
 where id = 'pay_b' || :n and version = 1;
insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data, object_seq, api_version, object)
values ('evt_a' || :n, ':merchant', 'pay_b' || :n, 'payment.provider_attempt', null, null, 'api_key',
        ('{"outcome": "succeeded", "provider": "simulator", "latency_ms": 3, "operation": "op_b' || :n || '", "kind": "authorize"}')::jsonb, null, null, null),
       ('evt_s' || :n, ':merchant', 'pay_b' || :n, 'payment.succeeded', 'processing', 'succeeded', 'api_key',
        '{"amount_captured": 2000}', 3, '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "succeeded", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": "simulator", "description": null, "failure_code": null, "routing_rule": "default", "authorized_at": 1795644713, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 2000, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": "simauth_' || :n || '", "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": null, "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json);
insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee)
values ('je_b' || :n, ':merchant', 'capture', 'USD', 'payment', 'pay_b' || :n, 2000, 40) on conflict (event, source_id) do nothing;
insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)
values ('je_b' || :n, 'provider_receivable', 'simulator', 'USD', 'debit', 2000),
       ('je_b' || :n, 'merchant_pending', ':merchant', 'USD', 'credit', 1960),
       ('je_b' || :n, 'platform_fee_revenue', 'platform', 'USD', 'credit', 40);
insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit)
values ('provider_receivable', 'simulator', 'USD', :bucket, 2000), ('merchant_pending', ':merchant', 'USD', :bucket, -1960),
       ('platform_fee_revenue', 'platform', 'USD', :bucket, -40)
on conflict (account_owner, account_type, currency, bucket) do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit;
with txn as (insert into balance_transactions (id, merchant_id, entry_id, type, source_id, currency, amount, fee, net, available_on)
             values ('txn_b' || :n, ':merchant', 'je_b' || :n, 'charge', 'pay_b' || :n, 'USD', 2000, 40, 1960, now() + interval '2 days')
             returning id, available_on)
insert into settlements_due (balance_transaction_id, merchant_id, currency, amount, available_on)
select id, ':merchant', 'USD', 1960, available_on from txn;
commit;
begin;
update idempotency_keys set status = 'completed', response_status = 200, completed_at = now(),
       response_body = convert_to(repeat('x', 712), 'UTF8')
 where scope = ':merchant' and key = 'bench-' || :n;
insert into audit_log (actor, action, object_type, object_id, request_id, source_ip, outcome, detail)
values ('merchant:' || ':merchant', 'POST /v1/payments', 'pay', 'pay_b' || :n, 'req_b' || :n, '127.0.0.1', '200', '{}');
commit;
