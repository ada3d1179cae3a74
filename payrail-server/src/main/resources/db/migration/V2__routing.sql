-- Routing rules and provider kill switches, changeable at runtime through /v1/admin; which rule and
-- provider served each payment.

create table routing_rules (
    id                   text primary key,
    priority             int not null,
    conditions           jsonb not null default '{}'::jsonb,
    targets              jsonb not null,
    retry_soft_declines  boolean not null default false,
    created_at           timestamptz not null default now()
);

create table provider_switches (
    provider    text primary key,
    enabled     boolean not null,
    reason      text,
    updated_at  timestamptz not null default now()
);

alter table payments add column routing_rule text;
