package dev.payrail.core.ledger;

import dev.payrail.core.money.CurrencyCode;

import java.util.Objects;

/** One account: a type of the chart, its owner's id (merchant id, provider name or "platform"), a currency. */
public record Account(AccountType type, String owner, CurrencyCode currency) {
    public static final String PLATFORM = "platform";

    public Account {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(currency, "currency");
        if (type.owner() == AccountType.Owner.PLATFORM && !PLATFORM.equals(owner)) {
            throw new IllegalArgumentException(type + " belongs to the platform, not " + owner);
        }
    }
}
