-- The incremental ledger check (LedgerCheckpoints): each run checks the journal lines written since the last one and
-- records how far it got, so that the scheduled check costs what changed, not all of history. The state is one row:
-- the line id through which every line is either checked or within the gaps (ranges of ids not visible yet: a transaction
-- still in flight, or one that rolled back), each gap with the transaction id horizon after which it is given up. The
-- totals are each account's sum over the checked lines. Every run is appended to ledger_checkpoints.
create table ledger_check_state (
    id int primary key check (id = 1),
    scanned_through bigint not null,
    gaps jsonb not null default '[]',
    updated_at timestamptz not null default now()
);
comment on table ledger_check_state is 'owner: ledger';

create table ledger_checked_totals (
    account_owner text not null,
    account_type text not null,
    currency char(3) not null,
    total bigint not null,
    primary key (account_owner, account_type, currency)
);
comment on table ledger_checked_totals is 'owner: ledger';

create table ledger_checkpoints (
    id bigserial primary key,
    checked_at timestamptz not null default now(),
    scanned_from bigint not null,
    scanned_through bigint not null,
    lines_checked bigint not null,
    entries_checked bigint not null,
    accounts_compared bigint not null,
    gaps_open bigint not null,
    violations int not null,
    millis bigint not null
);
comment on table ledger_checkpoints is 'owner: ledger';
create trigger ledger_checkpoints_append_only before update or delete on ledger_checkpoints
    for each row execute function reject_change();
