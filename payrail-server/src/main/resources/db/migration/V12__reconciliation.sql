-- Settlement reconciliation. A report is stored once per content hash (the same file imported twice is
-- the same report); a run matches its rows against Payrail's records. settled_items records which of
-- Payrail's records a report has settled, so that a later run finds what is still missing and clears
-- exceptions a late settlement answers. Exceptions have a lifecycle; their audit trail is append-only.

create table settlement_reports (
    id           text primary key,
    provider     text not null,
    format       text not null,
    filename     text,
    sha256       text not null unique,
    imported_at  timestamptz not null default now()
);

create table reconciliation_runs (
    id           text primary key,
    report_id    text not null references settlement_reports (id),
    started_at   timestamptz not null default now(),
    finished_at  timestamptz,
    rows         bigint not null default 0,
    matched      bigint not null default 0,
    summary      jsonb not null default '{}'::jsonb
);

create table settled_items (
    item_type    text not null,
    item_id      text not null,
    run_id       text not null references reconciliation_runs (id),
    row_id       text not null,
    settled_at   timestamptz not null,
    primary key (item_type, item_id)
);

create table reconciliation_exceptions (
    id               text primary key,
    run_id           text not null references reconciliation_runs (id),
    provider         text not null,
    category         text not null,
    status           text not null check (status in ('open', 'acknowledged', 'resolved', 'auto_resolved')),
    currency         char(3) not null,
    amount_at_stake  bigint not null,
    line             bigint,
    row_id           text,
    item_type        text,
    item_id          text,
    detail           text not null,
    resolution_code  text,
    resolution_note  text,
    resolved_by      text,
    resolved_at      timestamptz,
    created_at       timestamptz not null default now()
);
create index reconciliation_exceptions_by_status on reconciliation_exceptions (status, created_at desc);
create index reconciliation_exceptions_by_item on reconciliation_exceptions (item_type, item_id) where status in ('open', 'acknowledged');

create table reconciliation_exception_events (
    id            bigserial primary key,
    exception_id  text not null references reconciliation_exceptions (id),
    action        text not null,
    actor         text not null,
    note          text,
    at            timestamptz not null default now()
);
create trigger reconciliation_exception_events_append_only before update or delete on reconciliation_exception_events
    for each row execute function reject_change();
