-- The duplicate-charge detector reads the successful authorizations of the last week every few seconds.
create index provider_operations_succeeded_authorizations on provider_operations (created_at, payment_id)
    where kind = 'authorize' and status = 'succeeded';
