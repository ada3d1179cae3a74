-- The incremental ledger check also checks the funds identity of the payments and payouts its new entries are about
-- (LedgerCheckpoints): each run records how many.
alter table ledger_checkpoints add column funds_checked bigint not null default 0;
