-- A payment's history in the console finds the provider webhooks about it by its id or its provider reference (they
-- name one or the other): an index each, built concurrently (issue 23).
create index concurrently if not exists provider_events_by_payment_reference on provider_events (payment_reference);
create index concurrently if not exists provider_events_by_provider_reference on provider_events (provider_reference);
