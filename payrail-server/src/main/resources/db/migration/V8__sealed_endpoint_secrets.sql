-- Webhook signing secrets are sealed (AES-256-GCM under a key derived for them, bound to the endpoint id)
-- instead of stored in clear. Rows written before this are sealed by the server at its next start, which
-- then clears the plaintext columns.

alter table webhook_endpoints add column secret_sealed bytea;
alter table webhook_endpoints add column previous_secret_sealed bytea;
alter table webhook_endpoints add column secret_key_id text;
alter table webhook_endpoints alter column secret drop not null;
alter table webhook_endpoints add constraint webhook_endpoints_has_secret check (secret is not null or secret_sealed is not null);
