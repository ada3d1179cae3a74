package dev.payrail.sim;

import dev.payrail.core.cards.CardNumber;

import java.util.Map;

/**
 * What the acquirer needs of a card once it has seen the number: which test behaviour it picks, its brand and
 * last four digits. Saved cards keep this, never the number, so the simulator's state on disk holds no card number.
 */
record CardProfile(TestCard testCard, String brand, String last4) {

    static CardProfile of(CardNumber number) {
        return new CardProfile(TestCard.forNumber(number.digits()), number.brand().wireName(), number.last4());
    }

    Map<String, Object> toRecord() {
        return Map.of("test_card", testCard.name(), "brand", brand, "last4", last4);
    }

    static CardProfile fromRecord(Map<?, ?> record) {
        return new CardProfile(TestCard.valueOf((String) record.get("test_card")), (String) record.get("brand"),
                (String) record.get("last4"));
    }
}
