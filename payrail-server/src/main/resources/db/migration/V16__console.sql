-- The console's webhook-lag trend reads the last day of applied provider events.
create index provider_events_applied on provider_events (applied_at) where applied_at is not null;
-- Operators search payments by card last four digits and by provider reference.
create index payments_by_last4 on payments (card_last4, created_at desc);
create index payments_by_reference_at_provider on payments (provider_reference);   -- (provider, provider_reference) exists; this one serves a search without the provider
create index payments_by_merchant_reference on payments (merchant_reference);
-- The backlog gauge counts payments waiting for the resolver every few seconds.
create index payments_outcome_unknown on payments (id) where outcome_unknown;
