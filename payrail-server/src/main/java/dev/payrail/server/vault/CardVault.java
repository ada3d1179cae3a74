package dev.payrail.server.vault;

import dev.payrail.core.banks.Iban;
import dev.payrail.core.cards.BinTable;
import dev.payrail.core.cards.CardDetails;
import dev.payrail.core.cards.CardNumber;
import dev.payrail.core.cards.CardToken;
import dev.payrail.server.PayrailProperties;
import dev.payrail.server.api.Ids;
import dev.payrail.server.audit.AuditLog;
import dev.payrail.server.security.AtRestKeys;
import dev.payrail.server.security.SealedBox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The card vault: the one place a card number is kept. Each card is encrypted (AES-256-GCM) under a fresh
 * data key of its own, bound to its payment method id; the data key is stored wrapped by the active
 * key-encryption key. The CVC is never stored: it waits in memory, for at most the configured retention,
 * for the one authorization it was given for. Opening a card ({@link #open}) is for provider adapters only
 * (enforced by an architecture test) and every opening, successful or not, is audited.
 */
@Service
public class CardVault {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final VaultKeys keys;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final byte[] fingerprintKey;
    private final Duration cvcRetention;
    private final Map<String, PendingCvc> cvcs = new ConcurrentHashMap<>();

    private record PendingCvc(String cvc, Instant until) {
    }

    CardVault(JdbcClient jdbc, VaultKeys keys, AuditLog audit, TransactionTemplate tx, AtRestKeys atRest,
              PayrailProperties properties) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.audit = audit;
        this.tx = tx;
        this.fingerprintKey = atRest.keyFor("card-fingerprints");
        this.cvcRetention = properties.vault().cvcRetention();
    }

    /** Stores {@code card} for {@code merchantId} and returns its payment method; the CVC is only held in memory. */
    public PaymentMethod tokenize(String merchantId, CardDetails card, String holderName) {
        CardNumber number = card.number();
        PaymentMethod method = new PaymentMethod(Ids.newId("pm"), merchantId, number.brand().wireName(), number.last4(),
                card.expMonth(), card.expYear(), BinTable.countryOf(number), fingerprint(merchantId, number.digits()),
                Instant.now(), number.digits().substring(0, 6));
        seal(method, number.digits(), holderName);
        if (card.cvc() != null) {
            cvcs.put(method.id(), new PendingCvc(card.cvc(), Instant.now().plus(cvcRetention)));
        }
        return method;
    }

    /** Stores the bank account {@code iban} of {@code holderName} for {@code merchantId}: a sepa_debit payment method. */
    public PaymentMethod tokenizeBankAccount(String merchantId, Iban iban, String holderName) {
        PaymentMethod method = new PaymentMethod(Ids.newId("pm"), merchantId, null, iban.last4(), 0, 0, iban.country(),
                fingerprint(merchantId, iban.value()), Instant.now(), null, null, null, null, false, PaymentMethod.SEPA_DEBIT, null);
        seal(method, iban.value(), holderName);
        return method;
    }

    /** Seals {@code number} and the holder's name under a fresh data key and inserts the payment method with it. */
    private void seal(PaymentMethod method, String number, String holderName) {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        byte[] plain = (number + "\n" + (holderName == null ? "" : holderName)).getBytes(StandardCharsets.UTF_8);
        try {
            byte[] ciphertext = SealedBox.of(dataKey).seal(plain, method.id());
            tx.executeWithoutResult(status -> {
                String kekId = keys.activeKeyId();
                byte[] wrapped = keys.store().wrap(kekId, dataKey, method.id());
                boolean card = !method.isBankAccount();
                jdbc.sql("""
                                insert into payment_methods (id, merchant_id, brand, last4, exp_month, exp_year, country,
                                                             fingerprint, created_at, type, bin)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(method.id(), method.merchantId(), method.brand(), method.last4(),
                                card ? method.expMonth() : null, card ? method.expYear() : null, method.country(),
                                method.fingerprint(), java.sql.Timestamp.from(method.created()), method.type(), method.bin())
                        .update();
                jdbc.sql("insert into vault_cards (payment_method_id, kek_id, wrapped_dek, ciphertext) values (?, ?, ?, ?)")
                        .params(method.id(), kekId, wrapped, ciphertext)
                        .update();
            });
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    public Optional<PaymentMethod> find(String merchantId, String paymentMethodId) {
        return jdbc.sql("select * from payment_methods where id = ? and merchant_id = ?")
                .params(paymentMethodId, merchantId)
                .query(CardVault::row)
                .optional();
    }

    static PaymentMethod row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        java.sql.Timestamp attached = rs.getTimestamp("attached_at");
        return new PaymentMethod(rs.getString("id"), rs.getString("merchant_id"), rs.getString("brand"),
                rs.getString("last4"), rs.getInt("exp_month"), rs.getInt("exp_year"), rs.getString("country"),
                rs.getString("fingerprint"), rs.getTimestamp("created_at").toInstant(), rs.getString("customer_id"),
                rs.getString("saved_for"), rs.getString("network_transaction_id"), attached == null ? null : attached.toInstant(),
                rs.getTimestamp("detached_at") != null, rs.getString("type"), rs.getString("bin"));
    }

    /**
     * The card behind {@code token}, for the authorization of {@code paymentId} by {@code provider}; with its
     * CVC if one is still waiting. Audited; a record that fails its integrity check throws
     * {@link VaultIntegrityException} (and is audited as such).
     */
    public CardDetails open(CardToken token, String paymentId, String provider) {
        Unsealed unsealed = unseal(token, paymentId, provider);
        PendingCvc cvc = cvcs.get(token.paymentMethodId());
        String usableCvc = cvc != null && cvc.until().isAfter(Instant.now()) ? cvc.cvc() : null;
        return new CardDetails(CardNumber.parse(unsealed.number()).orElseThrow(), unsealed.expMonth(), unsealed.expYear(),
                usableCvc);
    }

    /**
     * The bank account behind {@code token}, for the debit {@code paymentId} through {@code provider}: audited like a
     * card's opening, for provider adapters only.
     */
    public BankAccount openBankAccount(CardToken token, String paymentId, String provider) {
        Unsealed unsealed = unseal(token, paymentId, provider);
        return new BankAccount(Iban.parse(unsealed.number()).orElseThrow(), unsealed.holderName());
    }

    /** What a record holds, opened: the number, the holder's name (or null) and, for a card, its expiry. */
    private record Unsealed(String number, String holderName, int expMonth, int expYear) {
    }

    /** The record of {@code token}, opened and audited; throws {@link VaultIntegrityException} when it cannot be. */
    private Unsealed unseal(CardToken token, String paymentId, String provider) {
        Map<String, Object> detail = Map.of("payment", paymentId, "provider", provider);
        String actor = "provider_adapter:" + provider;
        Optional<Sealed> sealed = jdbc.sql("""
                        select v.kek_id, v.wrapped_dek, v.ciphertext, m.exp_month, m.exp_year from vault_cards v
                        join payment_methods m on m.id = v.payment_method_id
                        where v.payment_method_id = ? and m.merchant_id = ?""")
                .params(token.paymentMethodId(), token.merchantId())
                .query((rs, n) -> new Sealed(rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getInt(4), rs.getInt(5)))
                .optional();
        if (sealed.isEmpty()) {
            opened(paymentId, new Opening(actor, token.paymentMethodId(), "refused", detail));
            throw new VaultIntegrityException("payment method " + token.paymentMethodId() + " is not in the vault");
        }
        String[] parts;
        try {
            parts = new String(decrypt(token.paymentMethodId(), sealed.get()), StandardCharsets.UTF_8).split("\n", 2);
        } catch (SealedBox.SealedValueException e) {
            opened(paymentId, new Opening(actor, token.paymentMethodId(), "failed", detail));
            throw new VaultIntegrityException("the card data of " + token.paymentMethodId()
                    + " failed its integrity check (tampered with, or wrapped by a key this store lacks)", e);
        }
        opened(paymentId, new Opening(actor, token.paymentMethodId(), "succeeded", detail));
        return new Unsealed(parts[0], parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null, sealed.get().expMonth(),
                sealed.get().expYear());
    }

    /**
     * The card behind {@code paymentMethodId} was reissued ({@code update}: a new number and expiry, or a new expiry):
     * the vault record is sealed again under a fresh data key (the holder's name kept), the payment method keeps its id
     * and shows the new card. Runs in the caller's transaction; audited as {@code vault.update}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public PaymentMethod replaceCard(String merchantId, dev.payrail.core.cards.CardUpdate update, String actor) {
        String id = update.paymentMethodId();
        Sealed sealed = jdbc.sql("""
                        select v.kek_id, v.wrapped_dek, v.ciphertext, m.exp_month, m.exp_year from vault_cards v
                        join payment_methods m on m.id = v.payment_method_id
                        where v.payment_method_id = ? and m.merchant_id = ? for update""")
                .params(id, merchantId)
                .query((rs, n) -> new Sealed(rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getInt(4), rs.getInt(5)))
                .single();
        String[] parts = new String(decrypt(id, sealed), StandardCharsets.UTF_8).split("\n", 2);
        CardNumber number = update.numberChanged() ? update.newNumber() : CardNumber.parse(parts[0]).orElseThrow();
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        byte[] plain = (number.digits() + "\n" + (parts.length > 1 ? parts[1] : "")).getBytes(StandardCharsets.UTF_8);
        try {
            String kekId = keys.activeKeyId();
            jdbc.sql("update vault_cards set kek_id = ?, wrapped_dek = ?, ciphertext = ?, rewrapped_at = now() where payment_method_id = ?")
                    .params(kekId, keys.store().wrap(kekId, dataKey, id), SealedBox.of(dataKey).seal(plain, id), id)
                    .update();
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
        jdbc.sql("""
                        update payment_methods set brand = ?, last4 = ?, exp_month = ?, exp_year = ?, country = ?, fingerprint = ?,
                               bin = ?
                        where id = ? and merchant_id = ?""")
                .params(number.brand().wireName(), number.last4(), update.expMonth(), update.expYear(), BinTable.countryOf(number),
                        fingerprint(merchantId, number.digits()), number.digits().substring(0, 6), id, merchantId)
                .update();
        audit.record(actor, "vault.update", id, "succeeded", Map.of("reason",
                update.numberChanged() ? "number_updated" : "expiry_updated"));
        return find(merchantId, id).orElseThrow();
    }

    /** One opening of a card, to be audited as {@code vault.detokenize}. */
    private record Opening(String actor, String paymentMethodId, String outcome, Map<String, Object> detail) {
    }

    /**
     * Openings made for a payment's authorization and not audited yet, by payment id. Each is written in the last
     * commit of the command that made it ({@link #recordOpenings}), with the request's own audit row, instead of a
     * commit of its own in the middle of the provider call. A process that dies between the call and that commit
     * loses these rows exactly as it loses the request's audit row; the provider operation committed before the
     * call still names the payment, its card and the provider.
     */
    private final Map<String, List<Opening>> unrecorded = new ConcurrentHashMap<>();

    private void opened(String paymentId, Opening opening) {
        unrecorded.computeIfAbsent(paymentId, id -> new CopyOnWriteArrayList<>()).add(opening);
    }

    /** Audits the openings made for {@code paymentId}'s authorization, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordOpenings(String paymentId) {
        List<Opening> openings = unrecorded.remove(paymentId);
        if (openings != null) {
            for (Opening o : openings) {
                audit.record(o.actor(), "vault.detokenize", o.paymentMethodId(), o.outcome(), o.detail());
            }
        }
    }

    /** Audits, in a transaction of their own, openings a command could not record in its own commit (it failed). */
    public void recordLeftOpenings(String paymentId) {
        if (unrecorded.containsKey(paymentId)) {
            tx.executeWithoutResult(status -> recordOpenings(paymentId));
        }
    }

    /** Drops the CVC waiting for {@code paymentMethodId}: its authorization is over, whatever the outcome. */
    public void forgetCvc(String paymentMethodId) {
        cvcs.remove(paymentMethodId);
        cvcs.values().removeIf(pending -> pending.until().isBefore(Instant.now()));
    }

    /** Rewraps up to {@code batch} data keys wrapped by an older key under the active one; returns how many. */
    int rewrapBatch(int batch) {
        return tx.execute(status -> {
            String active = keys.activeKeyId();
            var rows = jdbc.sql("""
                            select payment_method_id, kek_id, wrapped_dek from vault_cards where kek_id <> ?
                            order by payment_method_id limit ? for update skip locked""")
                    .params(active, batch)
                    .query((rs, n) -> new Object[]{rs.getString(1), rs.getString(2), rs.getBytes(3)})
                    .list();
            for (Object[] row : rows) {
                String id = (String) row[0];
                byte[] dataKey = keys.store().unwrap((String) row[1], (byte[]) row[2], id);
                try {
                    jdbc.sql("update vault_cards set kek_id = ?, wrapped_dek = ?, rewrapped_at = now() where payment_method_id = ?")
                            .params(active, keys.store().wrap(active, dataKey, id), id)
                            .update();
                } finally {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
            return rows.size();
        });
    }

    private byte[] decrypt(String paymentMethodId, Sealed sealed) {
        byte[] dataKey = keys.store().unwrap(sealed.kekId(), sealed.wrappedKey(), paymentMethodId);
        try {
            return SealedBox.of(dataKey).open(sealed.ciphertext(), paymentMethodId);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** HMAC-SHA256 of the merchant and the number: stable for one merchant, unlinkable across merchants. */
    private String fingerprint(String merchantId, String number) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fingerprintKey, "HmacSHA256"));
            byte[] digest = mac.doFinal((merchantId + ":" + number).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private record Sealed(String kekId, byte[] wrappedKey, byte[] ciphertext, int expMonth, int expYear) {
    }
}
