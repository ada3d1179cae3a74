-- One chunk of the growth generator (growth-fill.sh): payments :lo..:hi of :total, spread in time over the :days days
-- before now, among :merchants merchants, with everything Payrail would have written for them (docs/benchmarks.md,
-- "growth"). Every value is derived from the payment's number through md5, so a fill is the same on every run.
-- Triggers are off for the load (session_replication_role = replica): the rows are consistent by construction, and the
-- ledger checks run over them afterwards prove it.
\set ON_ERROR_STOP on
begin;
set local session_replication_role = replica;
set local synchronous_commit = off;

-- a number in [0, 1) from n and a salt
create function pg_temp.r(n bigint, salt text) returns float8 language sql immutable as
$$ select ('x' || substr(md5(n::text || salt), 1, 8))::bit(32)::bigint / 4294967296.0 $$;
-- a Payrail-shaped id: prefix and 22 characters
create function pg_temp.gid(prefix text, n bigint) returns text language sql immutable as
$$ select prefix || '_' || substr(md5(n::text || prefix), 1, 22) $$;

create temp table g on commit drop as
with base as (
    select n,
           1 + floor(:merchants * power(pg_temp.r(n, 'm'), 2.5))::int as m,  -- a few large merchants, a long tail
           to_timestamp(extract(epoch from now()) - :days * 86400.0 * (1 - (n - 0.5) / :total)
                        + 30 * pg_temp.r(n, 't')) as created,
           pg_temp.r(n, 's') as s, pg_temp.r(n, 'a') as a, pg_temp.r(n, 'b') as b, pg_temp.r(n, 'f') as f,
           pg_temp.r(n, 'x') as x
    from generate_series(:lo::bigint, :hi::bigint) n),
shaped as (
    select b.*,
           'mer_g' || lpad(m::text, 7, '0') as merchant_id,
           (array['USD','USD','USD','USD','EUR','EUR','EUR','GBP','JPY','KWD'])[1 + m % 10] as currency,
           (array['visa','visa','visa','visa','visa','visa','mastercard','mastercard','mastercard','amex'])[1 + floor(b.b * 10)::int] as brand,
           (array['simulator','stripe','adyen'])[1 + (m + n::int) % 3] as provider,
           case when s < 0.86 then 'succeeded' when s < 0.93 then 'failed' when s < 0.97 then 'canceled'
                when created > now() - interval '5 days' then 'requires_capture' else 'canceled' end as status
    from base b)
select s.*,
       pg_temp.gid('pay', n) as id,
       -- amounts spread over four orders of magnitude; 3-decimal KWD ten times larger in minor units
       (greatest(50, floor(exp(4 + a * 6))) * case currency when 'KWD' then 10 else 1 end)::bigint as amount,
       lpad(floor(x * 10000)::int::text, 4, '0') as last4,
       case provider when 'stripe' then 'ch_' || substr(md5(n::text || 'r'), 1, 24)
                     when 'adyen' then upper(substr(md5(n::text || 'r'), 1, 16))
                     else 'simauth_' || substr(md5(n::text || 'r'), 1, 10) end as provider_reference,
       status = 'succeeded' as captured,
       status = 'succeeded' and f < 0.05 as refunded,
       status = 'succeeded' and created < now() - interval '2 days' as settled,
       m % 3 = 0 as has_endpoint,
       least(now() - interval '1 minute', created + (1 + floor(f * 400)) * interval '1 hour') as refunded_at
from shaped s;

alter table g add column fee bigint, add column refund_amount bigint;
update g set fee = case when captured then least(amount, round(amount * 0.029) + 25) else 0 end,
             refund_amount = case when refunded then case when f < 0.03 then amount else greatest(1, amount / 2) end else 0 end;

insert into payments (id, merchant_id, amount, currency, status, capture_method, amount_captured, amount_refunded,
                      description, merchant_reference, metadata, card_brand, card_last4, card_exp_month, card_exp_year,
                      provider, provider_reference, failure_code, failure_message, cancellation_reason, authorized_at,
                      created_at, updated_at, version, routing_rule, payment_method, network_transaction_id,
                      card_fingerprint, risk_outcome, customer_ip, customer_ip_country, customer_email, billing_country)
select id, merchant_id, amount, currency, status, case when status = 'requires_capture' then 'manual' else 'automatic' end,
       case when captured then amount else 0 end, refund_amount,
       'Order ' || n, 'order-' || n, jsonb_build_object('order_id', n::text, 'channel', case when b < 0.7 then 'web' else 'app' end),
       brand, last4, 1 + floor(a * 12)::int, 2027 + floor(b * 6)::int,
       provider, provider_reference,
       case when status = 'failed' then 'card_declined' end, case when status = 'failed' then 'Your card was declined.' end,
       case when status = 'canceled' then 'requested_by_customer' end,
       case when status in ('succeeded', 'requires_capture', 'canceled') then created + interval '300 milliseconds' end,
       created, case when refunded then refunded_at else created + interval '400 milliseconds' end,
       case when refunded then 4 else 2 end, 'default', pg_temp.gid('pm', n),
       case when status <> 'failed' then 'ntx_' || substr(md5(n::text || 'ntx'), 1, 12) end,
       substr(md5((n % 5000000)::text || 'card'), 1, 16),
       jsonb_build_object('action', 'allow', 'risk_score', floor(x * 40)::int, 'risk_level', 'normal', 'reasons', '[]'::jsonb,
                          'rule', null, 'list_entry', null, 'three_d_secure_rule', null, 'logged_only_rules', '[]'::jsonb,
                          'enforced', true, 'rule_set_version', 0, 'evaluated_at', extract(epoch from created)::bigint),
       '10.' || (n % 250) || '.' || ((n / 250) % 250) || '.' || ((n / 62500) % 250),
       (array['US','US','GB','DE','FR','NL','JP','KW','ES','IT'])[1 + floor(b * 10)::int],
       'buyer' || (n % 3000000) || '@example.com',
       (array['US','US','GB','DE','FR','NL','JP','KW','ES','IT'])[1 + floor(b * 10)::int]
from g;

-- the payment object as events carry it (about a kilobyte, like Payrail's own)
create temp table o on commit drop as
select g.*, json_build_object(
        'id', id, 'object', 'payment', 'livemode', false, 'created', extract(epoch from created)::bigint, 'amount', amount,
        'currency', lower(currency), 'status', status, 'capture_method', 'automatic',
        'amount_capturable', 0, 'amount_received', case when captured then amount else 0 end,
        'amount_refunded', 0, 'amount_refund_pending', 0, 'amount_returned', 0, 'returned_at', null, 'return_reason', null,
        'description', 'Order ' || n, 'merchant_reference', 'order-' || n, 'metadata', json_build_object('order_id', n::text),
        'customer', null, 'payment_method', pg_temp.gid('pm', n),
        'payment_method_details', json_build_object('type', 'card', 'card', json_build_object('brand', brand, 'last4', last4,
            'exp_month', 1 + floor(a * 12)::int, 'exp_year', 2027 + floor(b * 6)::int, 'three_d_secure', null,
            'network_transaction_id', 'ntx_' || substr(md5(n::text || 'ntx'), 1, 12)),
            'bank_redirect', null, 'sepa_debit', null),
        'setup_future_usage', null, 'off_session', null,
        'payment_method_options', json_build_object('card', json_build_object('request_three_d_secure', 'automatic')),
        'return_url', null, 'next_action', null, 'provider', provider, 'routing_rule', 'default',
        'provider_reference', provider_reference, 'outcome_unknown', false, 'operation_in_progress', null,
        'failure_code', case when status = 'failed' then 'card_declined' end,
        'failure_message', case when status = 'failed' then 'Your card was declined.' end,
        'last_payment_error', null, 'cancellation_reason', null, 'retries', null,
        'outcome', json_build_object('action', 'allow', 'risk_score', floor(x * 40)::int, 'risk_level', 'normal',
            'reasons', json_build_array(), 'rule', null, 'list_entry', null, 'three_d_secure_rule', null,
            'logged_only_rules', json_build_array(), 'enforced', true, 'rule_set_version', 0,
            'evaluated_at', extract(epoch from created)::bigint),
        'review', null, 'authorized_at', extract(epoch from created)::bigint) as object
from g;

-- seq is Payrail's one sequence over all events: given in time order
insert into payment_events (id, merchant_id, payment_id, seq, type, from_status, to_status, actor, data, created_at,
                            object_seq, api_version, object)
select id, merchant_id, payment_id, nextval('payment_events_seq_seq'), type, from_status, to_status, actor, data, created_at,
       object_seq, api_version, object
from (
select pg_temp.gid('evt', n * 8 + k) as id, merchant_id, id as payment_id, etype as type, efrom as from_status,
       eto as to_status, 'merchant:' || merchant_id as actor, edata as data, eat as created_at, eos as object_seq,
       ever as api_version, eobj as object
from o, lateral (values
    (1, 'payment.created', null, 'requires_confirmation', '{}'::jsonb, created, 1, '2026-12-06', object),
    (2, 'payment.processing', 'requires_confirmation', 'processing', '{}'::jsonb, created + interval '10 milliseconds', 2,
        '2026-12-06', object),
    (3, 'payment.provider_attempt', 'processing', 'processing',
        jsonb_build_object('provider', provider, 'operation', 'authorize', 'outcome',
                           case when status = 'failed' then 'Declined' else 'Succeeded' end,
                           'latency_ms', 60 + floor(a * 200)::int),
        created + interval '250 milliseconds', null, null, null),
    (4, 'payment.' || status, 'processing', status, '{}'::jsonb, created + interval '300 milliseconds', 3, '2026-12-06',
        object)) as e(k, etype, efrom, eto, edata, eat, eos, ever, eobj)
union all
select pg_temp.gid('evt', n * 8 + k), merchant_id, id, t, 'succeeded', 'succeeded', 'merchant:' || merchant_id, '{}'::jsonb,
       refunded_at + k * interval '1 second', null, '2026-12-06',
       json_build_object('id', pg_temp.gid('re', n), 'object', 'refund', 'amount', refund_amount, 'currency', lower(currency),
                         'payment', id, 'status', case when k = 5 then 'pending' else 'succeeded' end, 'reason', null,
                         'created', extract(epoch from refunded_at)::bigint)
from o, lateral (values (5, 'refund.created'), (6, 'refund.succeeded')) as e(k, t)
where refunded
order by created_at) events;

insert into provider_operations (id, payment_id, kind, amount, provider, status, provider_reference, created_at,
                                 completed_at, decline_code)
select pg_temp.gid('op', n), id, 'authorize', amount, provider,
       case when status = 'failed' then 'failed' else 'succeeded' end, provider_reference,
       created + interval '20 milliseconds', created + interval '250 milliseconds',
       case when status = 'failed' then (array['insufficient_funds','do_not_honor','generic_decline','expired_card'])[1 + floor(x * 4)::int] end
from g
union all
select pg_temp.gid('opr', n), id, 'refund', refund_amount, provider, 'succeeded', 're_' || substr(md5(n::text || 'rr'), 1, 20),
       refunded_at, refunded_at + interval '1 second', null
from g where refunded;

insert into refunds (id, merchant_id, payment_id, amount, currency, status, provider_reference, created_at, updated_at)
select pg_temp.gid('re', n), merchant_id, id, refund_amount, currency, 'succeeded', 're_' || substr(md5(n::text || 'rr'), 1, 20),
       refunded_at, refunded_at + interval '1 second'
from g where refunded;

-- the ledger: capture, settlement two days later, refund requested and succeeded; the same lines PostingRules writes
create temp table j on commit drop as
select pg_temp.gid('je', n * 4 + 1) as entry_id, merchant_id, 'capture' as event, currency, 'payment' as source_type,
       id as source_id, amount as gross, fee, created + interval '300 milliseconds' as at, provider, n, 1 as k
from g where captured
union all
select pg_temp.gid('je', n * 4 + 2), merchant_id, 'settlement', currency, 'balance_transaction', pg_temp.gid('txn', n * 4 + 1),
       amount - fee, 0, created + interval '2 days', 'none', n, 2
from g where settled and amount > fee
union all
select pg_temp.gid('je', n * 4 + 3), merchant_id, 'refund_requested', currency, 'refund', pg_temp.gid('re', n), refund_amount, 0,
       refunded_at, provider, n, 3
from g where refunded
union all
select pg_temp.gid('je', n * 4 + 4), merchant_id, 'refund_succeeded', currency, 'refund', pg_temp.gid('re', n), refund_amount, 0,
       refunded_at + interval '1 second', provider, n, 4
from g where refunded;

insert into journal_entries (id, merchant_id, event, currency, source_type, source_id, gross, fee, created_at)
select entry_id, merchant_id, event, currency, source_type, source_id, gross, fee, at from j order by at;

insert into journal_lines (entry_id, account_type, account_owner, currency, side, amount)
select entry_id, t, owner, currency, side, amt
from (select * from j order by at) j, lateral (values
    (1, 'provider_receivable', j.provider, 'debit', gross), (1, 'merchant_pending', merchant_id, 'credit', gross - fee),
    (1, 'platform_fee_revenue', 'platform', 'credit', fee),
    (2, 'merchant_pending', merchant_id, 'debit', gross), (2, 'merchant_available', merchant_id, 'credit', gross),
    (3, 'merchant_available', merchant_id, 'debit', gross), (3, 'refunds_in_flight', merchant_id, 'credit', gross),
    (4, 'refunds_in_flight', merchant_id, 'debit', gross), (4, 'provider_receivable', j.provider, 'credit', gross))
    as l(kind, t, owner, side, amt)
where l.kind = j.k and l.amt > 0;

insert into account_balances (account_type, account_owner, currency, bucket, debit_minus_credit)
select l.account_type, l.account_owner, l.currency, 0, sum(case when l.side = 'debit' then l.amount else -l.amount end)
from journal_lines l join j on j.entry_id = l.entry_id
group by 1, 2, 3
on conflict (account_owner, account_type, currency, bucket)
do update set debit_minus_credit = account_balances.debit_minus_credit + excluded.debit_minus_credit;

insert into balance_transactions (id, merchant_id, entry_id, type, source_id, currency, amount, fee, net, available_on,
                                  created_at, seq)
select pg_temp.gid('txn', n * 4 + k), merchant_id, entry_id, case k when 1 then 'charge' else 'refund' end, source_id, currency,
       case k when 1 then gross else -gross end, fee, case k when 1 then gross - fee else -gross end,
       case k when 1 then at + interval '2 days' else at end, at, nextval('balance_transactions_seq_seq')
from j where k in (1, 3) order by j.at;

insert into settlements_due (balance_transaction_id, merchant_id, currency, amount, available_on)
select pg_temp.gid('txn', n * 4 + 1), merchant_id, currency, amount - fee, created + interval '2 days' + interval '300 milliseconds'
from g where captured and not settled and amount > fee;

-- the audit log: each API call and each card detokenization
insert into audit_log (at, actor, action, object_type, object_id, request_id, source_ip, outcome, detail)
select at, actor, action, ot, oid, pg_temp.gid('req', n), '10.0.' || (n % 250) || '.' || (n % 200), 'succeeded', d
from g, lateral (values
    (created, 'merchant:' || merchant_id || '/' || pg_temp.gid('key', m), 'POST /v1/payments', 'pay', id, '{"status": 200}'::jsonb),
    (created + interval '20 milliseconds', 'provider_adapter:' || provider, 'vault.detokenize', 'pm', pg_temp.gid('pm', n),
        jsonb_build_object('payment', id)))
    as a(at, actor, action, ot, oid, d)
union all
select refunded_at, 'merchant:' || merchant_id || '/' || pg_temp.gid('key', m), 'POST /v1/refunds', 're', pg_temp.gid('re', n),
       pg_temp.gid('req', n + 1000000000), '10.0.0.1', 'succeeded', '{"status": 200}'::jsonb
from g where refunded
order by 1;

-- the Idempotency-Keys still kept (24 hours)
insert into idempotency_keys (scope, key, request_fingerprint, request_method, request_path, status, response_status,
                              response_body, created_at, completed_at, object_id)
select merchant_id, 'order-' || n, decode(md5(n::text || 'fp'), 'hex'), 'POST', '/v1/payments', 'completed', 200,
       convert_to(object::text, 'UTF8'), created, created + interval '400 milliseconds', id
from o where created > now() - interval '24 hours';

-- the providers' webhooks about them, applied
insert into provider_events (id, provider, provider_event_id, type, payment_reference, provider_reference, payload,
                             event_time, received_at, status, attempts, next_attempt_at, applied_at)
select pg_temp.gid('pe', n), provider, case provider when 'stripe' then 'evt_' else 'psp_' end || substr(md5(n::text || 'pe'), 1, 20),
       case provider when 'stripe' then 'charge.succeeded' else 'AUTHORISATION' end, id, provider_reference,
       jsonb_build_object('id', substr(md5(n::text || 'pe'), 1, 20), 'type', 'charge.succeeded',
                          'data', jsonb_build_object('object', jsonb_build_object('id', provider_reference, 'amount', amount,
                          'currency', lower(currency), 'metadata', jsonb_build_object('payrail_payment', id)))),
       created + interval '1 second', created + interval '2 seconds', 'applied', 1, created + interval '2 seconds',
       created + interval '2 seconds'
from g where provider <> 'simulator' and captured;

-- the merchant's webhook deliveries of the final event, and their attempts (one in twenty needed a retry)
insert into event_deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, last_status, created_at,
                              completed_at)
select pg_temp.gid('del', n), pg_temp.gid('evt', n * 8 + 4), pg_temp.gid('we', m), 'succeeded', case when x < 0.05 then 2 else 1 end,
       created + interval '1 second', 200, created + interval '300 milliseconds', created + interval '1 second'
from g where has_endpoint;

insert into delivery_attempts (delivery_id, attempted_at, status, latency_ms, error)
select pg_temp.gid('del', n), created + k * interval '500 milliseconds', case when k = 1 and x < 0.05 then 503 else 200 end,
       20 + floor(a * 80)::int, case when k = 1 and x < 0.05 then 'HTTP 503' end
from g, generate_series(1, case when x < 0.05 then 2 else 1 end) k where has_endpoint
order by 2;

commit;
