package dev.payrail.core.cards;

import java.util.Objects;

/**
 * A card as everything outside the vault sees it: the merchant and its payment method id. Only a provider
 * adapter opens one, in process, just before it speaks the provider's wire format; every opening is audited.
 */
public record CardToken(String merchantId, String paymentMethodId) {
    public CardToken {
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(paymentMethodId, "paymentMethodId");
    }
}
