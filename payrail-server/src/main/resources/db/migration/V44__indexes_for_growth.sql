-- Indexes for what grows (issue 23), each built concurrently so that writes go on while it builds (a migration of
-- CREATE INDEX CONCURRENTLY statements only runs outside a transaction; an interrupted build leaves an invalid index,
-- which docs/operations.md says how to rebuild).

-- the incremental funds identity and a payment's history read the entries about one payment, refund or dispute
create index concurrently if not exists journal_entries_by_source on journal_entries (source_id);
-- the disputes of one payment (the funds identity, a payment's history)
create index concurrently if not exists disputes_by_payment on disputes (payment_id);
-- the console's searches over every merchant's payments, newest first: by date alone, by status, by amount
create index concurrently if not exists payments_by_created on payments (created_at desc, id desc);
create index concurrently if not exists payments_by_status on payments (status, created_at desc, id desc);
create index concurrently if not exists payments_by_amount on payments (amount, created_at desc, id desc);
-- the duplicate-charge detector reads the authorizations that succeeded since its last run
create index concurrently if not exists provider_operations_authorized_by_completion on provider_operations (completed_at, payment_id)
    where kind = 'authorize' and status = 'succeeded';
-- the console's last-24-hours charts of authorizations (all outcomes), from the newest hour back
create index concurrently if not exists provider_operations_authorizations_by_time on provider_operations (created_at)
    where kind = 'authorize';
-- the console's failed deliveries (count and newest first) and its inbox of webhooks not applied
create index concurrently if not exists event_deliveries_failed on event_deliveries (created_at desc) where status = 'failed';
create index concurrently if not exists provider_events_not_applied on provider_events (status) where status <> 'applied';
-- the audit log of one actor (a key, an operator), newest first, and each actor's last entry (access reviews)
create index concurrently if not exists audit_log_by_actor on audit_log (actor, id desc);
-- the setup intents waiting for their customer longest (SetupIntentSweeper)
create index concurrently if not exists setup_intents_awaiting_customer on setup_intents (updated_at)
    where status = 'requires_action';
