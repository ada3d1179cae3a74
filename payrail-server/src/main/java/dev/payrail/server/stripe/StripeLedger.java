package dev.payrail.server.stripe;

import dev.payrail.core.ledger.PostingEvent;
import dev.payrail.server.ledger.Balances;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * The {@code balance_transaction} of Stripe's charges and refunds: the ledger's balance transaction of the payment's
 * capture or of the refund, with its fee and net, so that an integration reconciling fees through Stripe's objects
 * reads Payrail's own ledger. Its id, or the object itself where {@code expand[]} asks for it.
 */
@Component
class StripeLedger {
    private final Balances balances;
    private final JsonMapper json;

    StripeLedger(Balances balances, JsonMapper json) {
        this.balances = balances;
        this.json = json;
    }

    /** A Stripe charge of {@code payment}, with its capture's balance transaction (expanded when {@code expand}). */
    Map<String, Object> charge(String merchantId, JsonNode payment, boolean expand) {
        Map<String, Object> charge = StripeObjects.charge(payment);
        charge.put("balance_transaction", transaction(merchantId, PostingEvent.CAPTURE, StripeObjects.text(payment, "id"), expand));
        return charge;
    }

    /** A Stripe refund of {@code refund}, with its balance transaction (expanded when {@code expand}). */
    Map<String, Object> refund(String merchantId, JsonNode refund, boolean expand) {
        Map<String, Object> shaped = StripeObjects.refund(refund);
        shaped.put("balance_transaction", transaction(merchantId, PostingEvent.REFUND_REQUESTED,
                StripeObjects.text(refund, "id"), expand));
        return shaped;
    }

    private Object transaction(String merchantId, PostingEvent event, String sourceId, boolean expand) {
        return balances.transactionOf(merchantId, event, sourceId)
                .<Object>map(t -> expand ? StripeObjects.balanceTransaction(json.valueToTree(t)) : t.get("id"))
                .orElse(null);
    }
}
