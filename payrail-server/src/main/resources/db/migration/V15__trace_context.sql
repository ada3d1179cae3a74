-- The W3C trace context (traceparent) of the request that wrote a provider event or a public event, so that
-- the worker applying the event later and the delivery sending it to a merchant continue the same trace.
alter table provider_events add column traceparent text;
alter table payment_events add column traceparent text;
