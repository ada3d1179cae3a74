-- Issue 21: a setup intent's confirmation is evaluated by the merchant's risk rules before its verification is sent,
-- as a payment's is (owner: setupintents). The facts the rules read (numbers as strings) and what they decided.
alter table setup_intents add column risk_facts jsonb;
alter table setup_intents add column risk_outcome jsonb;
