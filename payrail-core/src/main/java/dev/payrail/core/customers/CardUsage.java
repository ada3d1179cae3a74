package dev.payrail.core.customers;

import dev.payrail.core.providers.StoredCredential;

import java.util.Optional;

/**
 * The stored-credential rules of one payment, decided from what the merchant asked ({@code setup_future_usage},
 * {@code off_session}) and what the card's saved record allows. Pure: the server reads the request and the saved
 * card, asks here, and refuses with the answer's words before anything is stored or sent.
 */
public final class CardUsage {

    /** What a payment method was saved for: {@code on_session} (the customer pays with it again) or {@code off_session}. */
    public enum SavedFor {
        ON_SESSION, OFF_SESSION;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<SavedFor> fromWireName(String name) {
            return switch (name == null ? "" : name) {
                case "on_session" -> Optional.of(ON_SESSION);
                case "off_session" -> Optional.of(OFF_SESSION);
                default -> Optional.empty();
            };
        }
    }

    /** {@code off_session} as the merchant sent it: absent, {@code true}/{@code one_off} (unscheduled) or {@code recurring}. */
    public enum OffSession { NO, ONE_OFF, RECURRING }

    /** A payment's card as saved: to whom, for what, and the network transaction id its first payment got (or null). */
    public record Saved(String customerId, SavedFor savedFor, String networkTransactionId) {
    }

    /** The decision: the stored credential to send, or why the request is refused (its code, and which parameter). */
    public record Decision(StoredCredential credential, String refusalCode, String refusalParam, String refusal) {
        public boolean refused() {
            return refusal != null;
        }

        static Decision send(StoredCredential credential) {
            return new Decision(credential, null, null, null);
        }

        static Decision refuse(String code, String param, String why) {
            return new Decision(null, code, param, why);
        }
    }

    private CardUsage() {
    }

    /**
     * The stored credential for a payment of {@code customerId} (or none) with the card {@code saved} (empty: not saved
     * to anyone), asked to save it for {@code setupFutureUsage} (or not) and to run {@code offSession}.
     */
    public static Decision decide(String customerId, Optional<Saved> saved, Optional<SavedFor> setupFutureUsage,
                                  OffSession offSession) {
        if (saved.isPresent() && !saved.get().customerId().equals(customerId)) {
            return Decision.refuse("payment_method_customer_mismatch", customerId == null ? "customer" : "payment_method", customerId == null
                    ? "This payment method is saved to a customer: send that customer with it."
                    : "This payment method is saved to another customer.");
        }
        if (setupFutureUsage.isPresent() && customerId == null) {
            return Decision.refuse("parameter_missing", "customer", "setup_future_usage saves the card to a customer: send customer.");
        }
        if (offSession != OffSession.NO) {
            if (setupFutureUsage.isPresent()) {
                return Decision.refuse("parameter_conflict", "setup_future_usage", "An off-session payment cannot save a card: the customer "
                        + "is not there to consent. Save it while they pay, or with a setup intent.");
            }
            if (saved.isEmpty() || saved.get().savedFor() != SavedFor.OFF_SESSION) {
                return Decision.refuse("payment_method_not_saved_for_off_session", "payment_method", "off_session needs a payment method the customer saved for "
                        + "off-session use (setup_future_usage=off_session, or a setup intent with usage off_session).");
            }
            if (saved.get().networkTransactionId() == null) {
                return Decision.refuse("payment_method_without_network_transaction", "payment_method", "This payment method's first payment has no network transaction "
                        + "id to cite, so the network cannot exempt a charge without the customer: charge it on-session.");
            }
            return Decision.send(new StoredCredential(offSession == OffSession.RECURRING ? StoredCredential.Use.RECURRING
                    : StoredCredential.Use.UNSCHEDULED, saved.get().networkTransactionId()));
        }
        boolean saving = setupFutureUsage.isPresent() && (saved.isEmpty()
                || (setupFutureUsage.get() == SavedFor.OFF_SESSION && saved.get().savedFor() != SavedFor.OFF_SESSION));
        if (saving) {      // a first payment; or a card saved for on-session use, now consented to for off-session too
            return Decision.send(new StoredCredential(setupFutureUsage.get() == SavedFor.OFF_SESSION
                    ? StoredCredential.Use.FIRST_OFF_SESSION : StoredCredential.Use.FIRST_ON_SESSION, null));
        }
        if (saved.isPresent()) {
            return Decision.send(new StoredCredential(StoredCredential.Use.ON_SESSION, saved.get().networkTransactionId()));
        }
        return Decision.send(StoredCredential.NONE);
    }
}
