-- Issue 21: an early fraud warning blocks the reported card at its merchant, so disputes reads the payment's card
-- fingerprint (never the number) through its view.
create or replace view disputes_payments as select id, merchant_id, currency, provider, provider_reference, card_fingerprint
from payments;
comment on view disputes_payments is 'reader: disputes';
