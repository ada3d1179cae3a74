-- Events about things other than payments (a webhook endpoint disabled after failures) share the outbox:
-- such rows have no payment, and carry the object they are about.

alter table payment_events alter column payment_id drop not null;
alter table payment_events add constraint payment_events_about_something check (payment_id is not null or object is not null);
