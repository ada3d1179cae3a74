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
        if (!"EUR".equals(amount.currency().code())) {
            return Optional.of("Bank-redirect payments are in euros (eur) only.");
        }
        if (!capturesAutomatically) {
            return Optional.of("A bank-redirect payment is captured when the bank settles it: capture_method must be automatic.");
        }
        return Optional.empty();
    }
}
