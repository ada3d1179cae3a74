-- Issue 16: every row a payment writes stays; each costs less (ADR 0008, "Cheaper rows").
--
-- Indexes nothing reads. Every one is maintained on every insert (and, on payments, on every update: those
-- updates change indexed columns, so none is HOT):
-- (provider, provider_reference) duplicates (provider_reference), which serves the lookups with a provider too;
drop index payments_by_provider_reference;
-- a payment's timeline is read through (payment_id, object_seq), which holds every row of the payment (internal
-- rows too, with a null number), then ordered by seq: a few rows per payment;
drop index payment_events_by_payment;
-- no query finds journal entries by merchant, or lines by account (the invariant check aggregates every line);
drop index journal_entries_by_merchant;
drop index journal_lines_by_account;
-- nothing settles from balance_transactions by date: settlements_due is the queue (with its own index).
drop index balance_transactions_to_settle;
--
-- Foreign keys that cost more than they protect: the merchant of an event, a journal entry and a balance
-- transaction is always the merchant of the payment (or payout, dispute) it is written for, which has its own
-- key to merchants, and merchants are never deleted. Each of these keys took a KEY SHARE lock on the merchant's
-- one row per insert, seven per card payment: under concurrency that row becomes a multixact hot spot.
alter table payment_events drop constraint payment_events_merchant_id_fkey;
alter table journal_entries drop constraint journal_entries_merchant_id_fkey;
alter table balance_transactions drop constraint balance_transactions_merchant_id_fkey;
