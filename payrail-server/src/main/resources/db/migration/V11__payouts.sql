-- Payouts of a merchant's available funds to its bank account (a destination token). The amount leaves
-- the available balance in the transaction that creates the payout; a failed or canceled payout gives it
-- back with a reversing entry. send_at is when it may be sent (automatic payouts wait, cancelable);
-- sending_started_at marks the claim of the one sender, so a payout is sent at most once (and the
-- provider-side idempotency key is the payout id).

create table payouts (
    id                  text primary key,
    merchant_id         text not null references merchants (id),
    amount              bigint not null check (amount > 0),
    currency            char(3) not null,
    destination         text not null,
    status              text not null check (status in ('pending', 'in_transit', 'paid', 'failed', 'canceled')),
    automatic           boolean not null default false,
    provider            text not null,
    provider_reference  text,
    outcome_unknown     boolean not null default false,
    failure_code        text,
    send_at             timestamptz not null default now(),
    sending_started_at  timestamptz,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index payouts_by_merchant on payouts (merchant_id, created_at desc, id desc);
create index payouts_to_send on payouts (send_at) where status = 'pending';
create index payouts_in_transit on payouts (updated_at) where status = 'in_transit';

create table payout_schedules (
    merchant_id    text primary key references merchants (id),
    interval       text not null check (interval in ('manual', 'daily', 'weekly')),
    weekly_anchor  text check (weekly_anchor in ('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday')),
    destination    text,
    last_run_on    date,
    check (interval = 'manual' or destination is not null),
    check (interval <> 'weekly' or weekly_anchor is not null)
);
