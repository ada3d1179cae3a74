-- Issue 19: an endpoint registered through the Stripe-compatible API receives Stripe's events (payment_intent.succeeded,
-- charge.refunded, ...) signed with Stripe-Signature, so that Stripe's libraries verify them; Payrail's own receive
-- Payrail's events with Payrail-Signature. enabled_events holds Payrail's event types either way (what the outbox
-- matches); a Stripe endpoint's are those its Stripe types stand for.
alter table webhook_endpoints add column format text not null default 'payrail' check (format in ('payrail', 'stripe'));
