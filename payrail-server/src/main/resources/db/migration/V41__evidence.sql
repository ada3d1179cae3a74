-- Audit evidence (docs/evidence.md): the releases that ran, one row per process start, and the views the evidence
-- pack reads other packages' tables through (never a secret: no key hash, no key material).
create table process_starts (
    id bigserial primary key,
    started_at timestamptz not null default now(),
    version text not null,
    schema_version text,
    host text,
    pid bigint
);
comment on table process_starts is 'owner: evidence';
create trigger process_starts_append_only before update or delete on process_starts
    for each row execute function reject_change();

create view evidence_api_keys as
    select id, merchant_id, key_prefix, kind, mode, permissions, name, created_at, expires_at, revoked_at, rolled_to
    from api_keys;
comment on view evidence_api_keys is 'reader: evidence';
create view evidence_merchants as select id, name, created_at from merchants;
comment on view evidence_merchants is 'reader: evidence';
create view evidence_vault_keks as select id, state, created_at, activated_at, retired_at from vault_keks;
comment on view evidence_vault_keks is 'reader: evidence';
