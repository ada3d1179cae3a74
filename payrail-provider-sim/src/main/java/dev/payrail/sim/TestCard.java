package dev.payrail.sim;

import java.util.Map;

/**
 * Card numbers that choose what the simulated acquirer does. Any other valid card is approved.
 * Documented in the README; keep the two lists in step.
 */
public enum TestCard {
    APPROVE(Behaviour.APPROVE, null),
    DECLINE_DO_NOT_HONOR(Behaviour.DECLINE, "do_not_honor"),
    DECLINE_INSUFFICIENT_FUNDS(Behaviour.DECLINE, "insufficient_funds"),
    DECLINE_EXPIRED_CARD(Behaviour.DECLINE, "expired_card"),
    DECLINE_LOST_CARD(Behaviour.DECLINE, "lost_card"),
    DECLINE_STOLEN_CARD(Behaviour.DECLINE, "stolen_card"),
    DECLINE_ISSUER_UNAVAILABLE(Behaviour.DECLINE, "issuer_not_available"),
    PROCESSING_ERROR(Behaviour.SERVER_ERROR, null),
    SLOW(Behaviour.SLOW, null),
    CHARGE_THEN_TIMEOUT(Behaviour.CHARGE_THEN_HANG, null);

    /** What the acquirer does with an authorization for the card. */
    public enum Behaviour { APPROVE, DECLINE, SERVER_ERROR, SLOW, CHARGE_THEN_HANG }

    public static final Map<String, TestCard> BY_NUMBER = Map.of(
            "4242424242424242", APPROVE,
            "4000000000000002", DECLINE_DO_NOT_HONOR,
            "4000000000009995", DECLINE_INSUFFICIENT_FUNDS,
            "4000000000000069", DECLINE_EXPIRED_CARD,
            "4000000000009987", DECLINE_LOST_CARD,
            "4000000000009979", DECLINE_STOLEN_CARD,
            "4000000000000440", DECLINE_ISSUER_UNAVAILABLE,
            "4000000000000119", PROCESSING_ERROR,
            "4000000000000259", SLOW,
            "4000000000000341", CHARGE_THEN_TIMEOUT);

    private final Behaviour behaviour;
    private final String declineCode;

    TestCard(Behaviour behaviour, String declineCode) {
        this.behaviour = behaviour;
        this.declineCode = declineCode;
    }

    public static TestCard forNumber(String digits) {
        return BY_NUMBER.getOrDefault(digits, APPROVE);
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public String declineCode() {
        return declineCode;
    }
}
