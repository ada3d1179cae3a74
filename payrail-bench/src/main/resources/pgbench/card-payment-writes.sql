-- The database writes of one card payment (confirm: true, a pm_ token, automatic capture) as Payrail makes them
-- since issue 16: the same tables, indexes, triggers and views (run against Payrail's own schema), the same
-- rows and statements, in the same two write transactions, so pgbench's rate is the ceiling Payrail's own
-- rate is quoted against. The reads Payrail makes outside them (the vault's ciphertext during the provider
-- call) are left out: this is the write floor. Each public event is one statement with its queue rows (the
-- merchant has no endpoint here, as in the benchmarks). Variables: -D merchant=mer_... -D pm=pm_...
\set n random(1, 9000000000000000000)
\set bucket random(0, 7)
-- 1. before the provider call: key claimed, card looked up, payment created and claimed, operation opened
begin;
insert into idempotency_keys (scope, key, request_fingerprint, request_method, request_path, status, object_id)
values (':merchant', 'bench-' || :n, '\x0102030405060708090a0b0c0d0e0f10', 'POST', '/v1/payments', 'in_progress', 'pay_b' || :n)
on conflict (scope, key) do nothing;
select * from payment_methods where id = ':pm' and merchant_id = ':merchant';
insert into payments (id, merchant_id, amount, currency, status, capture_method, metadata, card_brand, card_last4,
                      card_exp_month, card_exp_year, payment_method, created_at, version)
values ('pay_b' || :n, ':merchant', 2000, 'USD', 'requires_confirmation', 'automatic', '{}', 'visa', '4242', 12, 2034, ':pm', now(), 0);
with e as (
insert into payment_events (id, merchant_id, payment_id, type, to_status, actor, data, object_seq, api_version, object)
values ('evt_c' || :n, ':merchant', 'pay_b' || :n, 'payment.created', 'requires_confirmation', 'merchant', '{}',
        (select coalesce(max(object_seq), 0) + 1 from payment_events where payment_id = 'pay_b' || :n), '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "requires_confirmation", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": null, "description": null, "failure_code": null, "routing_rule": null, "authorized_at": null, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 0, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": null, "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": null, "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json) returning id, seq),
k as (insert into kafka_outbox (event_id, event_seq) select id, seq from e where false)
insert into event_deliveries (id, event_id, endpoint_id, status)
select 'del_' || md5(e.id || s.endpoint_id), e.id, s.endpoint_id, 'pending' from e join events_endpoint_subscriptions s
on s.merchant_id = ':merchant' where s.enabled_events @> array['*']::text[] or s.enabled_events @> array['payment.created'];
update payments set status = 'processing', card_brand = 'visa', card_last4 = '4242', card_exp_month = 12, card_exp_year = 2034,
       payment_method = ':pm', provider = 'simulator', routing_rule = 'default', operation_in_flight = 'authorize',
       version = version + 1, updated_at = now()
 where id = 'pay_b' || :n and version = 0;
with e as (
insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data, object_seq, api_version, object)
values ('evt_p' || :n, ':merchant', 'pay_b' || :n, 'payment.processing', 'requires_confirmation', 'processing', 'merchant',
        '{"providers": ["simulator"], "routing_rule": "default"}',
        (select coalesce(max(object_seq), 0) + 1 from payment_events where payment_id = 'pay_b' || :n), '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "processing", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": "simulator", "description": null, "failure_code": null, "routing_rule": "default", "authorized_at": null, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 0, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": null, "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": "authorize", "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json) returning id, seq),
k as (insert into kafka_outbox (event_id, event_seq) select id, seq from e where false)
insert into event_deliveries (id, event_id, endpoint_id, status)
select 'del_' || md5(e.id || s.endpoint_id), e.id, s.endpoint_id, 'pending' from e join events_endpoint_subscriptions s
on s.merchant_id = ':merchant' where s.enabled_events @> array['*']::text[] or s.enabled_events @> array['payment.processing'];
insert into provider_operations (id, payment_id, kind, amount, provider, status)
values ('op_b' || :n, 'pay_b' || :n, 'authorize', 2000, 'simulator', 'in_flight')
returning id, (select p.provider_reference from payments p where p.id = payment_id);
commit;
-- 2. after it: the answer applied (operation, payment, attempt, event, journal entry, lines, balances, balance
--    transaction and settlement row), the key's answer, the audit rows (the vault opening's and the request's)
begin;
select id, status from provider_operations where id = 'op_b' || :n for update;
select id, version from payments where id = 'pay_b' || :n for update;
insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data)
values ('evt_a' || :n, ':merchant', 'pay_b' || :n, 'payment.provider_attempt', 'processing', 'processing', 'merchant',
        ('{"provider": "simulator", "operation": "authorize", "operation_id": "op_b' || :n || '", "latency_ms": 3, "outcome": "Succeeded", "detail": "ok"}')::jsonb);
update provider_operations set status = 'succeeded', provider_reference = 'simauth_' || :n, detail = null, completed_at = now(),
       next_check_at = null
 where id = 'op_b' || :n;
update payments set status = 'succeeded', amount_captured = 2000, provider_reference = 'simauth_' || :n,
       operation_in_flight = null, authorized_at = now(), version = version + 1, updated_at = now()
 where id = 'pay_b' || :n and version = 1;
insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee)
values ('je_b' || :n, ':merchant', 'capture', 'USD', 'payment', 'pay_b' || :n, 2000, 88) on conflict (event, source_id) do nothing;
insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)
values ('je_b' || :n, 'provider_receivable', 'simulator', 'USD', 'debit', 2000),
       ('je_b' || :n, 'merchant_pending', ':merchant', 'USD', 'credit', 1912),
       ('je_b' || :n, 'platform_fee_revenue', 'platform', 'USD', 'credit', 88);
insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit)
values ('merchant_pending', ':merchant', 'USD', :bucket, -1912), ('platform_fee_revenue', 'platform', 'USD', :bucket, -88),
       ('provider_receivable', 'simulator', 'USD', :bucket, 2000)
on conflict (account_owner, account_type, currency, bucket) do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit;
with t as (
insert into balance_transactions (id, merchant_id, entry_id, type, source_id, currency, amount, fee, net, available_on)
values ('txn_b' || :n, ':merchant', 'je_b' || :n, 'charge', 'pay_b' || :n, 'USD', 2000, 88, 1912, now() + interval '2 days')
returning id, merchant_id, currency, net, available_on)
insert into settlements_due (balance_transaction_id, merchant_id, currency, amount, available_on)
select id, merchant_id, currency, net, available_on from t where true;
with e as (
insert into payment_events (id, merchant_id, payment_id, type, from_status, to_status, actor, data, object_seq, api_version, object)
values ('evt_s' || :n, ':merchant', 'pay_b' || :n, 'payment.succeeded', 'processing', 'succeeded', 'merchant',
        '{"amount_captured": 2000}',
        (select coalesce(max(object_seq), 0) + 1 from payment_events where payment_id = 'pay_b' || :n), '2026-11-25',
        ('{"id": "pay_b' || :n || '", "amount": 2000, "object": "payment", "status": "succeeded", "created": 1795644713, "currency": "usd", "livemode": false, "metadata": {}, "provider": "simulator", "description": null, "failure_code": null, "routing_rule": "default", "authorized_at": 1795644713, "capture_method": "automatic", "payment_method": ":pm", "amount_received": 2000, "amount_refunded": 0, "failure_message": null, "outcome_unknown": false, "amount_capturable": 0, "merchant_reference": null, "provider_reference": "simauth_' || :n || '", "cancellation_reason": null, "amount_refund_pending": 0, "operation_in_progress": null, "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "exp_year": 2034, "exp_month": 12}, "type": "card"}}')::json) returning id, seq),
k as (insert into kafka_outbox (event_id, event_seq) select id, seq from e where false)
insert into event_deliveries (id, event_id, endpoint_id, status)
select 'del_' || md5(e.id || s.endpoint_id), e.id, s.endpoint_id, 'pending' from e join events_endpoint_subscriptions s
on s.merchant_id = ':merchant' where s.enabled_events @> array['*']::text[] or s.enabled_events @> array['payment.succeeded'];
update idempotency_keys set status = 'completed', response_status = 200, completed_at = now(),
       response_body = convert_to(repeat('x', 712), 'UTF8')
 where scope = ':merchant' and key = 'bench-' || :n;
insert into audit_log (actor, action, object_type, object_id, request_id, source_ip, outcome, detail)
values ('provider_adapter:simulator', 'vault.detokenize', 'pm', ':pm', 'req_b' || :n, '127.0.0.1', 'succeeded',
        ('{"payment": "pay_b' || :n || '", "provider": "simulator"}')::jsonb);
insert into audit_log (actor, action, object_type, object_id, request_id, source_ip, outcome, detail)
values ('merchant:' || ':merchant' || '/key_bench', 'POST /v1/payments', 'pay', 'pay_b' || :n, 'req_b' || :n, '127.0.0.1',
        'succeeded', '{"status": 200}');
commit;
