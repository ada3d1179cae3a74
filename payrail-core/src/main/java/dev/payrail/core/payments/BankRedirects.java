package dev.payrail.core.payments;

import dev.payrail.core.money.Money;

import java.util.List;
import java.util.Optional;

/**
 * The rules of bank-redirect payments, modelled on iDEAL: euros only, the customer picks their bank and approves at
 * its page, and the payment is captured when the bank settles it (there is no separate capture, so no manual capture).
 */
public final class BankRedirects {
    /** The banks a customer may pick, by id (iDEAL's issuers), with the name shown to customers. */
    public record Bank(String id, String name) {
    }

    public static final List<Bank> BANKS = List.of(new Bank("abn_amro", "ABN AMRO"), new Bank("asn_bank", "ASN Bank"),
            new Bank("bunq", "bunq"), new Bank("ing", "ING"), new Bank("knab", "Knab"), new Bank("rabobank", "Rabobank"),
            new Bank("regiobank", "RegioBank"), new Bank("revolut", "Revolut"), new Bank("sns_bank", "SNS"),
            new Bank("triodos_bank", "Triodos Bank"), new Bank("van_lanschot", "Van Lanschot"));

    private BankRedirects() {
    }

    public static Optional<Bank> bank(String id) {
        return BANKS.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** Why {@code amount} cannot be paid by bank redirect, or empty when it can. */
    public static Optional<String> refusal(Money amount, boolean capturesAutomatically) {
        return euroCollected(amount, capturesAutomatically, "A bank-redirect payment");
    }

    /**
     * Why a SEPA-Direct-Debit-like debit of {@code amount} cannot be made, or empty: the same two rules (euros; captured
     * as the bank collects it, there is no authorization to hold), and it is always made under the payer's mandate.
     */
    public static Optional<String> debitRefusal(Money amount, boolean capturesAutomatically) {
        return euroCollected(amount, capturesAutomatically, "A SEPA debit");
    }

    private static Optional<String> euroCollected(Money amount, boolean capturesAutomatically, String what) {
        if (!"EUR".equals(amount.currency().code())) {
            return Optional.of(what + " is in euros (eur) only.");
        }
        if (!capturesAutomatically) {
            return Optional.of(what + " is captured when the bank settles it: capture_method must be automatic.");
        }
        return Optional.empty();
    }
}
