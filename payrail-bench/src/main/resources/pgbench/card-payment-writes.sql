-- The database writes of one card payment (create + confirm, automatic capture), as Payrail makes them:
-- the same tables and indexes (run against Payrail's own schema), the same rows, the same seven write
-- transactions, so pgbench's rate is the ceiling Payrail's own rate is quoted against. The reads Payrail
-- makes between them (authentication, routing, the vault, re-reads) are left out: this is the write floor.
-- Variables from the caller: -D merchant=mer_... -D pm=pm_... (pgbench substitutes them inside literals too)
\set n random(1, 9000000000000000000)
\set bucket random(0, 7)
-- 1. the idempotency key is claimed
insert into idempotency_keys (scope, key, request_fingerprint, request_method, request_path, status)
values (':merchant', 'bench-' || :n, '\x0102030405060708090a0b0c0d0e0f10', 'POST', '/v1/payments', 'in_progress');
-- 2. the payment is created, with its first event
begin;
insert into payments (id, merchant_id, amount, currency, status, capture_method, metadata)
values ('pay_b' || :n, ':merchant', 2000, 'USD', 'requires_confirmation', 'automatic', '{}');
update idempotency_keys set recovery_path = '/v1/payments/pay_b' || :n where scope = ':merchant' and key = 'bench-' || :n;
insert into payment_events (id, merchant_id, payment_id, type, to_status, actor, data, object_seq, api_version, object)
values ('evt_c' || :n, ':merchant', 'pay_b' || :n, 'payment.created', 'requires_confirmation', 'api_key', '{}', 1, '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "requires_confirmation", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": null, "description": null, "failure_code": null, "routing_rule": null, "authorized_at": null, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 0, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": null, "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": null, "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json);
commit;
-- 3. it is claimed for the authorization, and the provider operation opened
begin;
update payments set status = 'processing', card_brand = 'visa', card_last4 = '4242', card_exp_month = 12, card_exp_year = 2034,
       payment_method = ':pm', provider = 'simulator', routing_rule = 'default', operation_in_flight = 'authorize',
       version = version + 1, updated_at = now()
 where id = 'pay_b' || :n and version = 0;
insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data, object_seq, api_version, object)
values ('evt_p' || :n, ':merchant', 'pay_b' || :n, 'payment.processing', 'requires_confirmation', 'processing', 'api_key',
        '{"providers": ["simulator"], "routing_rule": "default"}', 2, '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "processing", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": "simulator", "description": null, "failure_code": null, "routing_rule": "default", "authorized_at": null, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 0, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": null, "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": "authorize", "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json);
insert into provider_operations (id, payment_id, kind, amount, provider, status)
values ('op_b' || :n, 'pay_b' || :n, 'authorize', 2000, 'simulator', 'in_flight');
commit;
-- 4. the card is opened for the provider call (audited)
insert into audit_log (actor, action, object_type, object_id, request_id, outcome, detail)
values ('provider_adapter:simulator', 'vault.detokenize', 'pm', ':pm', 'req_b' || :n, 'ok',
        ('{"payment_id": "pay_b' || :n || '", "operation": "op_b' || :n || '"}')::jsonb);
-- 5. the authorization is applied: state, attempt, events, journal entry, balances, balance transaction
begin;
select id from payments where id = 'pay_b' || :n for update;
update provider_operations set status = 'succeeded', provider_reference = 'simauth_' || :n, completed_at = now()
 where id = 'op_b' || :n;
update payments set status = 'succeeded', amount_captured = 2000, provider_reference = 'simauth_' || :n,
       operation_in_flight = null, authorized_at = now(), version = version + 1, updated_at = now()
 where id = 'pay_b' || :n and version = 1;
insert into payment_events (id, merchant_id, payment_id, type, actor, data)
values ('evt_a' || :n, ':merchant', 'pay_b' || :n, 'payment.provider_attempt', 'api_key',
        ('{"outcome": "succeeded", "provider": "simulator", "latency_ms": 3, "operation": "op_b' || :n || '", "kind": "authorize"}')::jsonb);
insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data, object_seq, api_version, object)
values ('evt_s' || :n, ':merchant', 'pay_b' || :n, 'payment.succeeded', 'processing', 'succeeded', 'api_key',
        '{"amount_captured": 2000}', 3, '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "succeeded", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": "simulator", "description": null, "failure_code": null, "routing_rule": "default", "authorized_at": 1795644713, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 2000, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": "simauth_' || :n || '", "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": null, "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json);
insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee)
values ('je_b' || :n, ':merchant', 'capture', 'USD', 'payment', 'pay_b' || :n, 2000, 40) on conflict (event, source_id) do nothing;
insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)
values ('je_b' || :n, 'provider_receivable', 'simulator', 'USD', 'debit', 2000);
insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)
values ('je_b' || :n, 'merchant_pending', ':merchant', 'USD', 'credit', 1960);
insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)
values ('je_b' || :n, 'platform_fee_revenue', 'platform', 'USD', 'credit', 40);
insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit)
values ('provider_receivable', 'simulator', 'USD', :bucket, 2000)
on conflict (account_owner, account_type, currency, bucket) do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit;
insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit)
values ('merchant_pending', ':merchant', 'USD', :bucket, -1960)
on conflict (account_owner, account_type, currency, bucket) do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit;
insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit)
values ('platform_fee_revenue', 'platform', 'USD', :bucket, -40)
on conflict (account_owner, account_type, currency, bucket) do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit;
insert into balance_transactions (id, merchant_id, entry_id, type, source_id, currency, amount, fee, net, available_on)
values ('txn_b' || :n, ':merchant', 'je_b' || :n, 'charge', 'pay_b' || :n, 'USD', 2000, 40, 1960, now() + interval '2 days');
insert into settlements_due (balance_transaction_id, merchant_id, currency, amount, available_on)
values ('txn_b' || :n, ':merchant', 'USD', 1960, now() + interval '2 days');
commit;
-- 6. the idempotency key is completed with the response
update idempotency_keys set status = 'completed', response_status = 200, completed_at = now(),
       response_body = convert_to(repeat('x', 712), 'UTF8')
 where scope = ':merchant' and key = 'bench-' || :n;
-- 7. the request is audited
insert into audit_log (actor, action, object_type, object_id, request_id, source_ip, outcome, detail)
values ('merchant:' || ':merchant', 'POST /v1/payments', 'pay', 'pay_b' || :n, 'req_b' || :n, '127.0.0.1', '200', '{}');
