-- Issue 16: one command pipeline. A command claims its idempotency key in its own first transaction and records
-- there the object it creates or acts on (an id, not an HTTP path: the command layer knows no paths).
alter table idempotency_keys add column object_id text;
update idempotency_keys set object_id = regexp_replace(recovery_path, '^.*/', '') where recovery_path is not null;
alter table idempotency_keys drop column recovery_path;
