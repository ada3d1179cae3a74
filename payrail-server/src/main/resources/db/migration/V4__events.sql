-- The payment timeline doubles as the transactional outbox: each row is written in the transaction of
-- the change it records. Rows of public types carry a snapshot of the object and a per-object sequence
-- number, and are served as events (/v1/events) and, later, delivered to merchant endpoints.

alter table payment_events add column object_seq int;
alter table payment_events add column api_version text;
alter table payment_events add column object jsonb;
create unique index payment_events_object_seq on payment_events (payment_id, object_seq);
create index payment_events_public on payment_events (merchant_id, created_at desc, seq desc) where object is not null;
