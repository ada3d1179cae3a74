-- Issue 21: the risk evaluation on the payment path.

-- A card's first six digits (its BIN), which PCI DSS allows to be kept with the last four: a risk list may name it and
-- the velocity counters count declines per BIN. Cards tokenized before this migration have none (their BIN attributes
-- are missing); a card updated by the account updater gets its new one.
alter table payment_methods add column bin text check (bin ~ '^[0-9]{6}$');

-- What the last risk evaluation of a payment saw and decided (owner: payments). risk_facts holds the attributes the
-- rules read (the card's fingerprint, an HMAC, never its number), so a backtest reads what the rules read then;
-- risk_outcome is the payment's `outcome`. card_fingerprint: whether a card was used at the merchant before.
alter table payments add column card_fingerprint text,
                     add column risk_outcome jsonb,
                     add column risk_facts jsonb;
create index payments_by_card_fingerprint on payments (merchant_id, card_fingerprint, authorized_at)
    where card_fingerprint is not null;
-- a backtest reads the last payments evaluated
create index payments_risk_evaluated on payments (merchant_id, created_at desc) where risk_facts is not null;

-- What the merchant (or the customer's browser, for the address) said of the customer at the payment, for the rules:
-- their IP address and its country, email, billing country. Personal data, not card data: kept with the payment as a
-- customer's email is kept with the customer.
alter table payments add column customer_ip text,
                     add column customer_ip_country text,
                     add column customer_email text,
                     add column billing_country text;
