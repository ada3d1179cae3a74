package dev.payrail.sim;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The payer's bank of a SEPA-Direct-Debit-like debit: it collects the debit {@link #COLLECTION_DELAY} after it was
 * sent (days, at a real bank; seconds here), or refuses it, and may take a collected debit back
 * {@link #RETURN_DELAY} later (up to eight weeks, at a real bank). The test IBAN's last four characters choose:
 * {@code 3001} refused for want of funds, {@code 3002} collected and then returned, any other collected.
 */
final class SimDebits {
    static final Duration COLLECTION_DELAY = Duration.ofSeconds(2);
    static final Duration RETURN_DELAY = Duration.ofSeconds(2);

    /** What the bank does with a debit of an account ending so. */
    enum Outcome {
        COLLECTED, REFUSED, COLLECTED_THEN_RETURNED;

        static Outcome of(String ibanLast4) {
            return switch (ibanLast4) {
                case "3001" -> REFUSED;
                case "3002" -> COLLECTED_THEN_RETURNED;
                default -> COLLECTED;
            };
        }
    }

    /** What the face does when the bank decides and when it takes the money back. */
    interface Decided {
        void collected(Authorization auth, boolean refused);

        void returned(Authorization auth);
    }

    private final Acquirer acquirer;
    private final ScheduledExecutorService bank = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sim-debits");
        thread.setDaemon(true);
        return thread;
    });

    SimDebits(Acquirer acquirer) {
        this.acquirer = acquirer;
    }

    /** A debit of {@code amount} euros from an account ending {@code ibanLast4}: pending until the bank collects it. */
    Authorization debit(String paymentReference, long amount, String currency, String ibanLast4, Decided decided) {
        Authorization auth = acquirer.bankDebit(paymentReference, amount, currency, ibanLast4);
        Outcome outcome = Outcome.of(ibanLast4);
        bank.schedule(() -> {
            boolean refused = outcome == Outcome.REFUSED;
            if (acquirer.debitCollected(auth, !refused)) {
                decided.collected(auth, refused);
                if (outcome == Outcome.COLLECTED_THEN_RETURNED) {
                    bank.schedule(() -> decided.returned(auth), RETURN_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }, COLLECTION_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        return auth;
    }
}
