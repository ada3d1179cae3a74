package dev.payrail.core.routing;

import dev.payrail.core.money.Money;

/** What routing may look at: merchant, amount and currency, card brand and issuing country. */
public record PaymentFacts(String merchantId, Money amount, String brand, String country) {
}
