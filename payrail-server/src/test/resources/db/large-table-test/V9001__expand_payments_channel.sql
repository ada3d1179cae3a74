-- LargeTableMigrationTest: the expand step of docs/upgrades.md on the payments table. A NOT NULL column with a
-- constant default is a change of the catalog only (no rewrite); the constraint is added NOT VALID (no scan).
-- The exclusive lock of the catalog change waits at most 5 s for transactions in flight, then the migration fails
-- (and the deploy is run again) rather than queue every payment behind a long transaction.
set local lock_timeout = '5s';
alter table payments add column channel text not null default 'api';
alter table payments add constraint payments_channel_known check (channel in ('api', 'web', 'console')) not valid;
