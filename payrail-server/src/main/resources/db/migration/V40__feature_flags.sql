-- Feature flags (docs/flags.md): which variant of each of Payrail's flags goes where. A flag without a row serves
-- its catalog default to everyone. A change replaces the row (its version goes up by one) and appends the change,
-- before and after, to feature_flag_changes in the same transaction.
create table feature_flags (
    key text primary key,
    default_variant text not null,
    rollout_variant text,
    rollout_basis_points int not null default 0 check (rollout_basis_points between 0 and 10000),
    merchants jsonb not null default '{}',
    version int not null check (version > 0),
    updated_at timestamptz not null default now(),
    updated_by text not null,
    check (rollout_variant is not null or rollout_basis_points = 0)
);
comment on table feature_flags is 'owner: flags';

create table feature_flag_changes (
    id bigserial primary key,
    flag_key text not null,
    version int not null,
    before jsonb,
    after jsonb not null,
    actor text not null,
    request_id text,
    reason text,
    at timestamptz not null default now(),
    unique (flag_key, version)
);
comment on table feature_flag_changes is 'owner: flags';
create trigger feature_flag_changes_append_only before update or delete on feature_flag_changes
    for each row execute function reject_change();
create trigger feature_flag_changes_no_truncate before truncate on feature_flag_changes
    for each statement execute function reject_change();
