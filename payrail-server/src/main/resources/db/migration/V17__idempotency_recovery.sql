-- Where to find what a request with this key created, recorded in the transaction that created it: when
-- the process running the request dies, a retry with the same key is answered with that object's state
-- instead of running again (which could create, and charge, a second payment).
alter table idempotency_keys add column recovery_path text;
