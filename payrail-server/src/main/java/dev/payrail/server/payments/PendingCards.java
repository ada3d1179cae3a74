package dev.payrail.server.payments;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardNumber;
import dev.payrail.server.security.AtRestKeys;
import dev.payrail.server.security.SealedBox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Card data of a payment created now and confirmed later: AES-256-GCM encrypted, bound to the payment
 * id, deleted when the payment is confirmed or canceled. The CVC is never stored, so a later
 * confirmation goes without it unless the merchant sends the card again. (The card vault issue
 * replaces this with tokenization and envelope encryption.)
 */
@Repository
class PendingCards {
    private final JdbcClient jdbc;
    private final SealedBox box;

    PendingCards(JdbcClient jdbc, AtRestKeys keys) {
        this.jdbc = jdbc;
        this.box = keys.pendingCardData();
    }

    void store(String paymentId, CardDetails card) {
        byte[] plain = (card.number().digits() + "|" + card.expMonth() + "|" + card.expYear())
                .getBytes(StandardCharsets.UTF_8);
        jdbc.sql("insert into pending_card_data (payment_id, key_id, ciphertext) values (?, ?, ?)")
                .params(paymentId, box.keyId(), box.seal(plain, paymentId))
                .update();
    }

    Optional<CardDetails> find(String paymentId) {
        return jdbc.sql("select ciphertext from pending_card_data where payment_id = ?")
                .param(paymentId)
                .query((rs, n) -> rs.getBytes(1))
                .optional()
                .map(ciphertext -> {
                    String[] parts = new String(box.open(ciphertext, paymentId), StandardCharsets.UTF_8).split("\\|");
                    CardNumber number = CardNumber.parse(parts[0]).orElseThrow();
                    return new CardDetails(number, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), null);
                });
    }

    void delete(String paymentId) {
        jdbc.sql("delete from pending_card_data where payment_id = ?").param(paymentId).update();
    }
}
