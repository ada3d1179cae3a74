-- Issue 16: one owner per table. Each table is written and read by one package of payrail-server (its comment
-- says which; TableOwnershipTest reads these comments and fails when a package's SQL names a table it does not
-- own). A package that must read another's rows goes through the owner's methods or, for the cross-cutting
-- readers (the console, the operational signals, reconciliation's and the ledger checks' view of Payrail's
-- records), through a view named for it: the view's column list is the reader's contract, so a change to a
-- table shows at once which readers it touches. Views leave out what their reader must not see (secrets).

comment on table account_balances is 'owner: ledger';
comment on table api_keys is 'owner: merchants';
comment on table audit_log is 'owner: audit';
comment on table balance_transactions is 'owner: ledger';
comment on table delivery_attempts is 'owner: events';
comment on table disputes is 'owner: disputes';
comment on table event_deliveries is 'owner: events';
comment on table idempotency_keys is 'owner: idempotency';
comment on table journal_entries is 'owner: ledger';
comment on table journal_lines is 'owner: ledger';
comment on table kafka_outbox is 'owner: events';
comment on table ledger_meta is 'owner: ledger';
comment on table merchant_fee_schedules is 'owner: ledger';
comment on table merchants is 'owner: merchants';
comment on table payment_events is 'owner: events';
comment on table payment_methods is 'owner: vault';
comment on table payments is 'owner: payments';
comment on table payout_schedules is 'owner: payouts';
comment on table payouts is 'owner: payouts';
comment on table provider_events is 'owner: webhooks';
comment on table provider_operations is 'owner: payments';
comment on table provider_switches is 'owner: routing';
comment on table reconciliation_exception_events is 'owner: reconciliation';
comment on table reconciliation_exceptions is 'owner: reconciliation';
comment on table reconciliation_runs is 'owner: reconciliation';
comment on table refunds is 'owner: payments';
comment on table routing_rules is 'owner: routing';
comment on table settled_items is 'owner: reconciliation';
comment on table settlement_reports is 'owner: reconciliation';
comment on table settlements_due is 'owner: ledger';
comment on table vault_cards is 'owner: vault';
comment on table vault_keks is 'owner: vault';
comment on table webhook_endpoints is 'owner: deliveries';

-- console reads disputes (disputes's)
create view console_disputes as select id, merchant_id, payment_id, provider, provider_dispute_id, amount, currency, status, reason, evidence, evidence_submitted_at, due_by, funds_withdrawn, provider_updated_at, created_at, updated_at from disputes;
comment on view console_disputes is 'reader: console';
-- console reads event_deliveries (events's)
create view console_event_deliveries as select id, event_id, endpoint_id, status, attempts, next_attempt_at, last_status, last_error, created_at, completed_at, round_attempts from event_deliveries;
comment on view console_event_deliveries is 'reader: console';
-- console reads journal_entries (ledger's)
create view console_journal_entries as select id, merchant_id, event, currency, source_type, source_id, gross, fee, created_at from journal_entries;
comment on view console_journal_entries is 'reader: console';
-- console reads merchants (merchants's)
create view console_merchants as select id, name, created_at from merchants;
comment on view console_merchants is 'reader: console';
-- console reads payment_events (events's)
create view console_payment_events as select id, merchant_id, payment_id, seq, type, from_status, to_status, actor, data, created_at, object_seq, api_version, object, traceparent from payment_events;
comment on view console_payment_events is 'reader: console';
-- console reads payments (payments's)
create view console_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured, amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month, card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message, cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method from payments;
comment on view console_payments is 'reader: console';
-- console reads provider_events (webhooks's)
create view console_provider_events as select id, provider, provider_event_id, type, payment_reference, provider_reference, payload, event_time, received_at, status, attempts, next_attempt_at, last_error, applied_at, traceparent from provider_events;
comment on view console_provider_events is 'reader: console';
-- console reads provider_operations (payments's)
create view console_provider_operations as select id, payment_id, refund_id, kind, amount, reason, provider, status, provider_reference, detail, lookups, next_check_at, created_at, completed_at from provider_operations;
comment on view console_provider_operations is 'reader: console';
-- console reads reconciliation_exceptions (reconciliation's)
create view console_reconciliation_exceptions as select id, run_id, provider, category, status, currency, amount_at_stake, line, row_id, item_type, item_id, detail, resolution_code, resolution_note, resolved_by, resolved_at, created_at, provider_reference from reconciliation_exceptions;
comment on view console_reconciliation_exceptions is 'reader: console';
-- console reads reconciliation_runs (reconciliation's)
create view console_reconciliation_runs as select id, report_id, started_at, finished_at, rows, matched, summary from reconciliation_runs;
comment on view console_reconciliation_runs is 'reader: console';
-- console reads refunds (payments's)
create view console_refunds as select id, merchant_id, payment_id, amount, currency, status, reason, provider_reference, failure_code, outcome_unknown, created_at, updated_at from refunds;
comment on view console_refunds is 'reader: console';
-- console reads settlement_reports (reconciliation's)
create view console_settlement_reports as select id, provider, format, filename, sha256, imported_at from settlement_reports;
comment on view console_settlement_reports is 'reader: console';
-- console reads webhook_endpoints (deliveries's)
create view console_webhook_endpoints as select id, merchant_id, url, enabled_events, status, consecutive_failures, created_at, deleted_at, last_failure, last_failure_at, livemode from webhook_endpoints;
comment on view console_webhook_endpoints is 'reader: console';
-- ledger reads payments (payments's)
create view ledger_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured, amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month, card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message, cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method from payments;
comment on view ledger_payments is 'reader: ledger';
-- ledger reads refunds (payments's)
create view ledger_refunds as select id, merchant_id, payment_id, amount, currency, status, reason, provider_reference, failure_code, outcome_unknown, created_at, updated_at from refunds;
comment on view ledger_refunds is 'reader: ledger';
-- ledger reads disputes (disputes's)
create view ledger_disputes as select id, merchant_id, payment_id, provider, provider_dispute_id, amount, currency, status, reason, evidence, evidence_submitted_at, due_by, funds_withdrawn, provider_updated_at, created_at, updated_at from disputes;
comment on view ledger_disputes is 'reader: ledger';
-- ledger reads payouts (payouts's)
create view ledger_payouts as select id, merchant_id, amount, currency, destination, status, automatic, provider, provider_reference, outcome_unknown, failure_code, send_at, sending_started_at, created_at, updated_at from payouts;
comment on view ledger_payouts is 'reader: ledger';
-- ops reads payments (payments's)
create view ops_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured, amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month, card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message, cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method from payments;
comment on view ops_payments is 'reader: ops';
-- ops reads event_deliveries (events's)
create view ops_event_deliveries as select id, event_id, endpoint_id, status, attempts, next_attempt_at, last_status, last_error, created_at, completed_at, round_attempts from event_deliveries;
comment on view ops_event_deliveries is 'reader: ops';
-- ops reads provider_events (webhooks's)
create view ops_provider_events as select id, provider, provider_event_id, type, payment_reference, provider_reference, payload, event_time, received_at, status, attempts, next_attempt_at, last_error, applied_at, traceparent from provider_events;
comment on view ops_provider_events is 'reader: ops';
-- ops reads provider_operations (payments's)
create view ops_provider_operations as select id, payment_id, refund_id, kind, amount, reason, provider, status, provider_reference, detail, lookups, next_check_at, created_at, completed_at from provider_operations;
comment on view ops_provider_operations is 'reader: ops';
-- ops reads reconciliation_exceptions (reconciliation's)
create view ops_reconciliation_exceptions as select id, run_id, provider, category, status, currency, amount_at_stake, line, row_id, item_type, item_id, detail, resolution_code, resolution_note, resolved_by, resolved_at, created_at, provider_reference from reconciliation_exceptions;
comment on view ops_reconciliation_exceptions is 'reader: ops';
-- ops reads reconciliation_runs (reconciliation's)
create view ops_reconciliation_runs as select id, report_id, started_at, finished_at, rows, matched, summary from reconciliation_runs;
comment on view ops_reconciliation_runs is 'reader: ops';
-- ops reads settlement_reports (reconciliation's)
create view ops_settlement_reports as select id, provider, format, filename, sha256, imported_at from settlement_reports;
comment on view ops_settlement_reports is 'reader: ops';
-- reconciliation reads payments (payments's)
create view reconciliation_payments as select id, merchant_id, amount, currency, status, capture_method, amount_captured, amount_refunded, amount_refund_pending, description, merchant_reference, metadata, card_brand, card_last4, card_exp_month, card_exp_year, provider, provider_reference, outcome_unknown, operation_in_flight, failure_code, failure_message, cancellation_reason, authorized_at, created_at, updated_at, version, routing_rule, payment_method from payments;
comment on view reconciliation_payments is 'reader: reconciliation';
-- reconciliation reads refunds (payments's)
create view reconciliation_refunds as select id, merchant_id, payment_id, amount, currency, status, reason, provider_reference, failure_code, outcome_unknown, created_at, updated_at from refunds;
comment on view reconciliation_refunds is 'reader: reconciliation';
-- reconciliation reads disputes (disputes's)
create view reconciliation_disputes as select id, merchant_id, payment_id, provider, provider_dispute_id, amount, currency, status, reason, evidence, evidence_submitted_at, due_by, funds_withdrawn, provider_updated_at, created_at, updated_at from disputes;
comment on view reconciliation_disputes is 'reader: reconciliation';
-- reconciliation reads payouts (payouts's)
create view reconciliation_payouts as select id, merchant_id, amount, currency, destination, status, automatic, provider, provider_reference, outcome_unknown, failure_code, send_at, sending_started_at, created_at, updated_at from payouts;
comment on view reconciliation_payouts is 'reader: reconciliation';
-- reconciliation reads journal_entries (ledger's)
create view reconciliation_journal_entries as select id, merchant_id, event, currency, source_type, source_id, gross, fee, created_at from journal_entries;
comment on view reconciliation_journal_entries is 'reader: reconciliation';
-- reconciliation reads provider_operations (payments's)
create view reconciliation_provider_operations as select id, payment_id, refund_id, kind, amount, reason, provider, status, provider_reference, detail, lookups, next_check_at, created_at, completed_at from provider_operations;
comment on view reconciliation_provider_operations is 'reader: reconciliation';
-- authentication resolves a presented secret to its key (merchants')
create view security_api_keys as select id, merchant_id, key_hash, kind, mode, permissions, expires_at, revoked_at from api_keys;
comment on view security_api_keys is 'reader: security';
-- a payout goes through the provider that captured the merchant's latest payment (payments')
create view payouts_payments as select merchant_id, currency, provider, amount_captured, created_at from payments;
comment on view payouts_payments is 'reader: payouts';
-- a dispute notification names a payment by id or provider reference (payments')
create view disputes_payments as select id, merchant_id, currency, provider, provider_reference from payments;
comment on view disputes_payments is 'reader: disputes';
-- an event is queued for each endpoint of its merchant subscribed to it (deliveries')
create view events_endpoint_subscriptions as select id as endpoint_id, merchant_id, enabled_events from webhook_endpoints where status = 'enabled' and deleted_at is null;
comment on view events_endpoint_subscriptions is 'reader: events';
-- a merchant may redeliver only to its own endpoints (deliveries')
create view events_endpoint_owners as select id as endpoint_id, merchant_id from webhook_endpoints;
comment on view events_endpoint_owners is 'reader: events';
