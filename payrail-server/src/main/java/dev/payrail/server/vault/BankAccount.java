package dev.payrail.server.vault;

import dev.payrail.core.banks.Iban;

/** A bank account opened from the vault for one provider request: its IBAN and holder's name. Masked when printed. */
public record BankAccount(Iban iban, String holderName) {
    @Override
    public String toString() {
        return iban + " (" + (holderName == null ? "" : holderName.charAt(0) + "...") + ")";
    }
}
