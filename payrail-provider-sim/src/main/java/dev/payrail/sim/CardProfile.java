package dev.payrail.sim;

import dev.payrail.core.cards.CardNumber;

/**
 * What the acquirer needs of a card once it has seen the number: which test behaviour it picks, its brand and
 * last four digits. Saved cards keep this, never the number, so the simulator's state on disk holds no card number.
 */
record CardProfile(TestCard testCard, String brand, String last4) {

    static CardProfile of(CardNumber number) {
        return new CardProfile(TestCard.forNumber(number.digits()), number.brand().wireName(), number.last4());
    }
}
