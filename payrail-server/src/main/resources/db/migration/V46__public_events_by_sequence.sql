-- GET /v1/events pages a merchant's public events newest first by their sequence: an index in that order, so that a
-- page reads its rows and no more at any size (the one by creation time serves the created[] filters), built
-- concurrently (issue 23).
create index concurrently if not exists payment_events_public_by_seq on payment_events (merchant_id, seq desc)
    where object is not null;

-- the outcome resolver's in-flight operations old enough to be stale (their process died between sending and
-- recording): without it, every resolver round read all provider operations (610 ms a round at 3 million payments)
create index concurrently if not exists provider_operations_in_flight on provider_operations (created_at)
    where status = 'in_flight';
