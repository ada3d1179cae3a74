-- An index built concurrently: in a migration of its own, which Flyway runs outside a transaction.
create index concurrently payments_by_channel on payments (channel, created_at);
