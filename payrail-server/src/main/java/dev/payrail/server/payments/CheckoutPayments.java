package dev.payrail.server.payments;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.money.Money;
import dev.payrail.core.payments.PaymentState;
import dev.payrail.core.payments.PaymentStatus;
import dev.payrail.server.api.ApiException;
import dev.payrail.server.api.Ids;
import dev.payrail.server.commands.CommandOrigin;
import dev.payrail.server.vault.CardVault;
import dev.payrail.server.vault.PaymentMethod;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the hosted checkout may do with payments, and no more: create a session's payment (unconfirmed, in the
 * session's own commit), pay it with the card the customer typed on Payrail's page (tokenized in the vault first, so
 * the number never reaches the merchant), read what the page may show of it, and cancel it when the session ends
 * unpaid. Every move goes through {@link PaymentCommands} and the payment's one transition table.
 */
@Service
public class CheckoutPayments {
    /** The metadata key that names a checkout payment's session. */
    public static final String SESSION_METADATA = "checkout_session";

    private final PaymentStore payments;
    private final PaymentTimeline timeline;
    private final PaymentCommands commands;
    private final CardVault vault;

    CheckoutPayments(PaymentStore payments, PaymentTimeline timeline, PaymentCommands commands, CardVault vault) {
        this.payments = payments;
        this.timeline = timeline;
        this.commands = commands;
        this.vault = vault;
    }

    /** What the checkout page may know of its payment: its status and the customer-safe failure, never the card. */
    public record View(String id, PaymentStatus status, String failureCode, String failureMessage, String nextActionUrl) {
    }

    /**
     * Creates the session's payment, {@code requires_confirmation}, in the caller's transaction (the session's
     * commit): 3-D Secure when the issuer demands it, and the customer comes back to {@code returnUrl} from their bank.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String createWithin(String merchantId, Money amount, String description, String sessionId, String returnUrl,
                               String actor) {
        Payment payment = new Payment(Ids.newId("pay"), merchantId, "automatic", description, null,
                Map.of(SESSION_METADATA, sessionId), Instant.now(), 0, PaymentState.created(amount));
        payment.returnUrl = returnUrl;
        payments.insert(payment);
        timeline.append(payment, "payment.created", null, actor, Map.of());
        return payment.id;
    }

    public View view(String paymentId) {
        Payment p = payments.get(paymentId);
        return new View(p.id, p.state.status(), p.failureCode, p.failureMessage, p.nextActionUrl);
    }

    /**
     * Pays the session's payment with the card the customer typed: tokenized (a commit of its own), then the payment
     * confirmed with it as a merchant's confirm would be. A second submit racing the first loses the payment's claim
     * and reads the payment as the first left it: one authorization, never two.
     */
    public View payWithCard(String merchantId, String paymentId, CardDetails card, String holderName, String actor,
                            String customerIp) {
        PaymentMethod method = vault.tokenize(merchantId, card, holderName);
        return confirmOnce(merchantId, paymentId, Optional.of(method), Optional.empty(), actor, customerIp);
    }

    /**
     * Pays the session's payment from the customer's {@code bank} (a bank redirect): confirmed as a merchant's confirm
     * with {@code bank_redirect} would be; the customer is sent to their bank next. Racing submits: as for a card.
     */
    public View payByBank(String merchantId, String paymentId, String bank, String actor, String customerIp) {
        return confirmOnce(merchantId, paymentId, Optional.empty(), Optional.of(bank), actor, customerIp);
    }

    /**
     * Confirms the payment; a submit that lost the race to another (409: confirmed already, or claimed at the same
     * moment) reads what the winner did.
     */
    private View confirmOnce(String merchantId, String paymentId, Optional<PaymentMethod> card, Optional<String> bank,
                             String actor, String customerIp) {
        try {
            // the page is the customer's browser: the address it posted from is theirs, for the risk rules
            commands.confirm(CommandOrigin.job(actor), merchantId, paymentId, card, bank,
                    new PaymentCommands.Authentication(Optional.empty(), Optional.empty()), PaymentCommands.Usage.CUSTOMER_PRESENT,
                    PaymentCommands.CustomerDetails.ofBrowser(customerIp), PaymentCommands.Audience.BROWSER);
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        return view(paymentId);
    }

    /** Cancels, in the caller's transaction, a session's payment that nothing was sent for or whose attempt was refused. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void cancelUnpaidWithin(String merchantId, String paymentId, String actor) {
        // locked first: a customer's confirm racing the expiry waits, then finds it canceled (nothing is ever sent
        // from inside this transaction)
        PaymentStatus status = payments.lock(paymentId).state.status();
        if (status != PaymentStatus.REQUIRES_CONFIRMATION && status != PaymentStatus.REQUIRES_PAYMENT_METHOD) {
            throw ApiException.conflict("payment_not_cancelable_unsent", "Payment " + paymentId + " is " + status.wireName()
                    + ": the provider holds it, so it settles before its session ends.");
        }
        commands.cancel(CommandOrigin.job(actor), merchantId, paymentId, "abandoned");
    }
}
