package dev.payrail.server.vault;

import dev.payrail.core.customers.CardUsage;
import dev.payrail.server.audit.AuditLog;
import dev.payrail.server.events.EventLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payment methods saved to customers: attaching one (by the merchant, or by the payment that saved it, with the
 * network transaction id the card's later merchant-initiated payments cite) and detaching it, which destroys its vault
 * record so the card can never be charged again. Every method runs inside its caller's transaction, so that a card is
 * saved in the commit of the payment that saved it, and a customer's deletion detaches all its cards or none.
 */
@Service
public class SavedCards {
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final EventLog events;
    private final CardVault vault;

    SavedCards(JdbcClient jdbc, AuditLog audit, EventLog events, CardVault vault) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.vault = vault;
    }

    /**
     * Saves {@code paymentMethodId} to {@code customerId} for {@code savedFor}; an off-session consent outranks an
     * on-session one, and the first network transaction id stays the one cited. Empty when the payment method is
     * unknown, detached, or saved to another customer (the caller says which). A newly saved card is announced
     * ({@code payment_method.attached}) in the same commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<PaymentMethod> attach(String merchantId, String paymentMethodId, String customerId,
                                          CardUsage.SavedFor savedFor, String networkTransactionId, String actor) {
        Optional<String> before = jdbc.sql("select coalesce(customer_id, '') from payment_methods where id = ? and merchant_id = ? for update")
                .params(paymentMethodId, merchantId).query(String.class).optional();
        if (before.isEmpty()) {
            return Optional.empty();
        }
        int updated = jdbc.sql("""
                        update payment_methods set customer_id = ?,
                               saved_for = case when saved_for = 'off_session' then saved_for else ? end,
                               network_transaction_id = coalesce(network_transaction_id, ?),
                               attached_at = coalesce(attached_at, now())
                        where id = ? and merchant_id = ? and detached_at is null and (customer_id is null or customer_id = ?)""")
                .params(customerId, savedFor.wireName(), networkTransactionId, paymentMethodId, merchantId, customerId)
                .update();
        if (updated == 0) {
            return Optional.empty();
        }
        PaymentMethod saved = row(merchantId, paymentMethodId);
        if (before.get().isEmpty()) {
            events.appendObjectEvent(merchantId, null, "payment_method.attached", actor, PaymentMethodController.json(saved));
        }
        return Optional.of(saved);
    }

    /**
     * Detaches {@code paymentMethodId} from its customer and destroys its vault record (the encrypted number and its
     * wrapped key), audited; what is left (brand, last four, fingerprint) keeps the payments made with it readable.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentMethod detach(String merchantId, String paymentMethodId, String actor) {
        String customerId = jdbc.sql("select customer_id from payment_methods where id = ? and merchant_id = ? for update")
                .params(paymentMethodId, merchantId).query(String.class).single();
        jdbc.sql("""
                        update payment_methods set customer_id = null, saved_for = null, attached_at = null,
                               detached_at = now() where id = ?""")
                .param(paymentMethodId).update();
        int destroyed = jdbc.sql("delete from vault_cards where payment_method_id = ?").param(paymentMethodId).update();
        audit.record(actor, "vault.destroy", paymentMethodId, "succeeded", Map.of("customer",
                customerId == null ? "" : customerId, "records_destroyed", destroyed));
        PaymentMethod detached = row(merchantId, paymentMethodId);
        events.appendObjectEvent(merchantId, null, "payment_method.detached", actor, PaymentMethodController.json(detached));
        return detached;
    }

    /** Detaches every payment method saved to {@code customerId}: its deletion's part in the vault. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int detachAll(String merchantId, String customerId, String actor) {
        List<String> ids = jdbc.sql("select id from payment_methods where merchant_id = ? and customer_id = ? order by id for update")
                .params(merchantId, customerId).query(String.class).list();
        ids.forEach(id -> detach(merchantId, id, actor));
        return ids.size();
    }

    /** A page of the payment methods saved to {@code customerId}, newest first; one more than {@code limit} if there are more. */
    public List<PaymentMethod> ofCustomer(String merchantId, String customerId, Optional<PaymentMethod> after, int limit) {
        if (after.isPresent()) {
            return jdbc.sql("""
                            select * from payment_methods where merchant_id = ? and customer_id = ? and (attached_at, id) < (?, ?)
                            order by attached_at desc, id desc limit ?""")
                    .params(merchantId, customerId, Timestamp.from(after.get().attached()), after.get().id(), limit + 1)
                    .query(CardVault::row).list();
        }
        return jdbc.sql("select * from payment_methods where merchant_id = ? and customer_id = ? order by attached_at desc, id desc limit ?")
                .params(merchantId, customerId, limit + 1).query(CardVault::row).list();
    }

    /** A page of saved cards of every merchant, by id after {@code afterId}: what the account updater asks about. */
    public List<dev.payrail.core.cards.CardToken> savedAfter(String afterId, int limit) {
        return jdbc.sql("""
                        select merchant_id, id from payment_methods where customer_id is not null and detached_at is null
                        and type = 'card' and id > ? order by id limit ?""")
                .params(afterId, limit)
                .query((rs, n) -> new dev.payrail.core.cards.CardToken(rs.getString(1), rs.getString(2))).list();
    }

    /**
     * A saved card was reissued: the vault record is replaced, the payment method keeps its id, and
     * {@code payment_method.updated} is announced, in the caller's transaction. Its series stays the one cited.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentMethod reissued(String merchantId, dev.payrail.core.cards.CardUpdate update, String actor) {
        PaymentMethod updated = vault.replaceCard(merchantId, update, actor);
        events.appendObjectEvent(merchantId, null, "payment_method.updated", actor, PaymentMethodController.json(updated));
        return updated;
    }

    /** How the card is saved, as the stored-credential rules read it; empty when it is saved to nobody. */
    public static Optional<CardUsage.Saved> usage(PaymentMethod method) {
        if (method.customerId() == null) {
            return Optional.empty();
        }
        return Optional.of(new CardUsage.Saved(method.customerId(),
                CardUsage.SavedFor.fromWireName(method.savedFor()).orElseThrow(), method.networkTransactionId()));
    }

    private PaymentMethod row(String merchantId, String paymentMethodId) {
        return jdbc.sql("select * from payment_methods where id = ? and merchant_id = ?")
                .params(paymentMethodId, merchantId).query(CardVault::row).single();
    }
}
