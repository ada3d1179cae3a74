package dev.payrail.server.payments;

import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardNumber;
import dev.payrail.server.PayrailProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Card data of a payment created now and confirmed later: AES-256-GCM encrypted, bound to the payment
 * id, deleted when the payment is confirmed or canceled. The CVC is never stored, so a later
 * confirmation goes without it unless the merchant sends the card again. (The card vault issue
 * replaces this with tokenization and envelope encryption.)
 */
@Repository
class PendingCards {
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SecretKeySpec key;
    private final String keyId;

    PendingCards(JdbcClient jdbc, PayrailProperties properties) {
        this.jdbc = jdbc;
        byte[] raw = loadKey(properties.cards());
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = "k_" + HexFormat.of().formatHex(sha256(raw), 0, 4);
    }

    void store(String paymentId, CardDetails card) {
        byte[] plain = (card.number().digits() + "|" + card.expMonth() + "|" + card.expYear())
                .getBytes(StandardCharsets.UTF_8);
        jdbc.sql("insert into pending_card_data (payment_id, key_id, ciphertext) values (?, ?, ?)")
                .params(paymentId, keyId, encrypt(paymentId, plain))
                .update();
    }

    Optional<CardDetails> find(String paymentId) {
        return jdbc.sql("select ciphertext from pending_card_data where payment_id = ?")
                .param(paymentId)
                .query((rs, n) -> rs.getBytes(1))
                .optional()
                .map(ciphertext -> {
                    String[] parts = new String(decrypt(paymentId, ciphertext), StandardCharsets.UTF_8).split("\\|");
                    CardNumber number = CardNumber.parse(parts[0]).orElseThrow();
                    return new CardDetails(number, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), null);
                });
    }

    void delete(String paymentId) {
        jdbc.sql("delete from pending_card_data where payment_id = ?").param(paymentId).update();
    }

    private byte[] encrypt(String paymentId, byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(paymentId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private byte[] decrypt(String paymentId, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, NONCE_BYTES));
            cipher.updateAAD(paymentId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored card data of " + paymentId + " does not decrypt with key " + keyId, e);
        }
    }

    private static byte[] loadKey(PayrailProperties.Cards cards) {
        if (cards.encryptionKey() != null && !cards.encryptionKey().isBlank()) {
            return checkedKey(Base64.getDecoder().decode(cards.encryptionKey().strip()), "PAYRAIL_CARD_KEY");
        }
        Path file = Path.of(cards.keyFile());
        try {
            if (Files.exists(file)) {
                return checkedKey(Base64.getDecoder().decode(Files.readString(file).strip()), file.toString());
            }
            byte[] generated = new byte[32];
            RANDOM.nextBytes(generated);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(generated) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the card data key " + file, e);
        }
    }

    private static byte[] checkedKey(byte[] raw, String source) {
        if (raw.length != 32) {
            throw new IllegalStateException(source + " must be the base64 of 32 random bytes (AES-256); got "
                    + raw.length + " bytes. Refusing to start.");
        }
        return raw;
    }

    private static byte[] sha256(byte[] raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
