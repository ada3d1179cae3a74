-- The double-entry ledger. An entry records one movement of money; its lines debit and credit accounts
-- (type, owner, currency). Entries and lines are append-only; an entry whose lines do not balance per
-- currency, or that has fewer than two lines, cannot commit (deferred constraint triggers). Payments made
-- before this migration are not booked.

create table journal_entries (
    id           text primary key,
    merchant_id  text references merchants (id),
    event        text not null,
    currency     char(3) not null,
    source_type  text not null,
    source_id    text not null,
    gross        bigint not null check (gross >= 0),
    fee          bigint not null check (fee >= 0 and fee <= gross),
    created_at   timestamptz not null default now(),
    -- one entry per event per source: a retried posting or a second settlement run writes nothing
    unique (event, source_id)
);
create index journal_entries_by_merchant on journal_entries (merchant_id, created_at);
create index journal_entries_by_time on journal_entries (created_at, id);

create table journal_lines (
    id             bigserial primary key,
    entry_id       text not null references journal_entries (id),
    account_type   text not null,
    account_owner  text not null,
    currency       char(3) not null,
    side           text not null check (side in ('debit', 'credit')),
    amount         bigint not null check (amount > 0)
);
create index journal_lines_by_entry on journal_lines (entry_id);
create index journal_lines_by_account on journal_lines (account_owner, account_type, currency);

create trigger journal_entries_append_only before update or delete on journal_entries
    for each row execute function reject_change();
create trigger journal_entries_no_truncate before truncate on journal_entries
    for each statement execute function reject_change();
create trigger journal_lines_append_only before update or delete on journal_lines
    for each row execute function reject_change();
create trigger journal_lines_no_truncate before truncate on journal_lines
    for each statement execute function reject_change();

create function check_entry_balanced() returns trigger language plpgsql as $$
declare
    entry text := new.entry_id;
begin
    if (select count(*) from journal_lines where entry_id = entry) < 2 then
        raise exception 'journal entry % has fewer than two lines', entry using errcode = 'P0002';
    end if;
    if exists (select 1 from journal_lines where entry_id = entry group by currency
               having sum(case when side = 'debit' then amount else -amount end) <> 0) then
        raise exception 'journal entry % does not balance', entry using errcode = 'P0002';
    end if;
    return null;
end;
$$;
create function check_entry_has_lines() returns trigger language plpgsql as $$
begin
    if (select count(*) from journal_lines where entry_id = new.id) < 2 then
        raise exception 'journal entry % has fewer than two lines', new.id using errcode = 'P0002';
    end if;
    return null;
end;
$$;
create constraint trigger journal_lines_balanced after insert on journal_lines
    deferrable initially deferred for each row execute function check_entry_balanced();
create constraint trigger journal_entries_have_lines after insert on journal_entries
    deferrable initially deferred for each row execute function check_entry_has_lines();

-- Account balances kept with each posting (debits minus credits). Every balance but a merchant's available
-- funds is spread over a few buckets so that concurrent postings (a busy merchant's captures, everyone's
-- fees) do not queue on one row; available funds use bucket 0 only, the row a payout locks to check them.
create table account_balances (
    account_type   text not null,
    account_owner  text not null,
    currency       char(3) not null,
    bucket         int not null default 0,
    debit_minus_credit bigint not null,
    primary key (account_owner, account_type, currency, bucket)
);

-- What a merchant sees of the ledger, shaped like Stripe's balance transactions: one row per entry that
-- changes the merchant's funds. Charges become available at available_on, when the settlement run posts
-- their settlement entry.
create table balance_transactions (
    id            text primary key,
    merchant_id   text not null references merchants (id),
    entry_id      text not null unique references journal_entries (id),
    type          text not null,
    source_id     text not null,
    currency      char(3) not null,
    amount        bigint not null,
    fee           bigint not null,
    net           bigint not null,
    available_on  timestamptz not null,
    created_at    timestamptz not null default now(),
    seq           bigserial not null
);
create index balance_transactions_by_merchant on balance_transactions (merchant_id, seq desc);
create index balance_transactions_to_settle on balance_transactions (available_on) where type = 'charge';

-- A merchant's own fee schedule; without one, payrail.ledger.fees applies.
create table merchant_fee_schedules (
    merchant_id   text primary key references merchants (id),
    basis_points  bigint not null check (basis_points between 0 and 10000),
    fixed         jsonb not null default '{}'::jsonb,
    updated_at    timestamptz not null default now()
);

-- Charges whose funds are still pending, by when they become available. The settlement run posts a
-- settlement entry for each due row and deletes it in the same transaction.
create table settlements_due (
    balance_transaction_id  text primary key references balance_transactions (id),
    merchant_id             text not null,
    currency                char(3) not null,
    amount                  bigint not null check (amount > 0),
    available_on            timestamptz not null
);
create index settlements_due_by_time on settlements_due (available_on);

-- When the ledger started: the invariant check compares it with payments and refunds made since.
create table ledger_meta (
    started_at  timestamptz not null
);
insert into ledger_meta (started_at) values (now());
