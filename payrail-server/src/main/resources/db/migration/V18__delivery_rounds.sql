-- attempts counts every attempt ever made (it equals the attempt log); round_attempts counts those of the
-- current round (since the event was queued or last redelivered) and is what the back-off schedule reads.
-- A redelivery starts a new round without forgetting the attempts before it.
alter table event_deliveries add column round_attempts int not null default 0;
update event_deliveries set round_attempts = attempts;
update event_deliveries d set attempts = (select count(*) from delivery_attempts a where a.delivery_id = d.id);

-- why the endpoint's last delivery attempt failed (a refused address, a timeout, an HTTP status), and when;
-- cleared by the next success. Shown by the API and the console so that a failing endpoint says why.
alter table webhook_endpoints add column last_failure text, add column last_failure_at timestamptz;

-- An event's object is kept as written (json keeps the text; jsonb reorders keys by length), so that
-- data.object of an event reads in the same order as the object from its own endpoint.
alter table payment_events alter column object type json using object::json;

-- whether the endpoint was registered with a live key: a test endpoint of a Payrail that is not in production
-- mode may point at this machine's loopback (./payrail listen), a live one never
alter table webhook_endpoints add column livemode boolean not null default false;

-- the provider's reference of what an exception is about (the report row's, or Payrail's record's), so that an
-- exception with no Payrail object (missing_in_payrail, duplicate_in_report) still says what to look up
alter table reconciliation_exceptions add column provider_reference text;
