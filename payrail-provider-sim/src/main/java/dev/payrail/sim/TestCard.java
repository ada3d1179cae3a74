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
    /** A number of {@link #NOT_ISSUED_BIN}: no such card (what a card tester's enumerated numbers mostly are). */
    DECLINE_NOT_ISSUED(Behaviour.DECLINE, "incorrect_number"),
    PROCESSING_ERROR(Behaviour.SERVER_ERROR, null),
    SLOW(Behaviour.SLOW, null),
    CHARGE_THEN_TIMEOUT(Behaviour.CHARGE_THEN_HANG, null),
    THREE_DS_CHALLENGE(Behaviour.APPROVE, null, Authentication.CHALLENGE),
    THREE_DS_FRICTIONLESS(Behaviour.APPROVE, null, Authentication.FRICTIONLESS),
    THREE_DS_FAILED(Behaviour.APPROVE, null, Authentication.FAILED),
    THREE_DS_UNAVAILABLE(Behaviour.APPROVE, null, Authentication.UNAVAILABLE),
    THREE_DS_CHALLENGE_UNANSWERED(Behaviour.APPROVE, null, Authentication.CHALLENGE_UNANSWERED),
    THREE_DS_CHALLENGE_THEN_DECLINE(Behaviour.DECLINE, "do_not_honor", Authentication.CHALLENGE),
    /** Its issuer challenges every payment, and asks for authentication of merchant-initiated ones too. */
    THREE_DS_REQUIRED_EVERY_TIME(Behaviour.APPROVE, null, Authentication.CHALLENGE, true);

    /** What the acquirer does with an authorization for the card. */
    public enum Behaviour { APPROVE, DECLINE, SERVER_ERROR, SLOW, CHARGE_THEN_HANG }

    /**
     * What the card's issuer (its ACS) does when 3-D Secure is asked for or demanded. {@code SUPPORTED}: it takes
     * part when the merchant asks for it ({@code any}) and authenticates without a challenge; the others demand it
     * whatever the merchant asked.
     */
    public enum Authentication {
        SUPPORTED, FRICTIONLESS, CHALLENGE, FAILED, UNAVAILABLE, CHALLENGE_UNANSWERED;

        /** The issuer authenticates even when the merchant left it to the issuer ({@code automatic}). */
        public boolean demanded() {
            return this != SUPPORTED;
        }
    }

    public static final Map<String, TestCard> BY_NUMBER = Map.ofEntries(
            Map.entry("4242424242424242", APPROVE),
            Map.entry("4000000000000002", DECLINE_DO_NOT_HONOR),
            Map.entry("4000000000009995", DECLINE_INSUFFICIENT_FUNDS),
            Map.entry("4000000000000069", DECLINE_EXPIRED_CARD),
            Map.entry("4000000000009987", DECLINE_LOST_CARD),
            Map.entry("4000000000009979", DECLINE_STOLEN_CARD),
            Map.entry("4000000000000440", DECLINE_ISSUER_UNAVAILABLE),
            Map.entry("4000000000000119", PROCESSING_ERROR),
            Map.entry("4000000000000259", SLOW),
            Map.entry("4000000000000341", CHARGE_THEN_TIMEOUT),
            Map.entry("4000000000003220", THREE_DS_CHALLENGE),
            Map.entry("4000000000003238", THREE_DS_FRICTIONLESS),
            Map.entry("4000000000003246", THREE_DS_FAILED),
            Map.entry("4000000000003253", THREE_DS_UNAVAILABLE),
            Map.entry("4000000000003261", THREE_DS_CHALLENGE_UNANSWERED),
            Map.entry("4000000000003279", THREE_DS_CHALLENGE_THEN_DECLINE),
            Map.entry("4000002760003184", THREE_DS_REQUIRED_EVERY_TIME));

    private final Behaviour behaviour;
    private final String declineCode;
    private final Authentication authentication;
    private final boolean asksAuthenticationOffSession;

    TestCard(Behaviour behaviour, String declineCode) {
        this(behaviour, declineCode, Authentication.SUPPORTED);
    }

    TestCard(Behaviour behaviour, String declineCode, Authentication authentication) {
        this(behaviour, declineCode, authentication, false);
    }

    TestCard(Behaviour behaviour, String declineCode, Authentication authentication, boolean asksAuthenticationOffSession) {
        this.behaviour = behaviour;
        this.declineCode = declineCode;
        this.authentication = authentication;
        this.asksAuthenticationOffSession = asksAuthenticationOffSession;
    }

    /** Whether its issuer declines a merchant-initiated payment {@code authentication_required}, exempt or not. */
    public boolean asksAuthenticationOffSession() {
        return asksAuthenticationOffSession;
    }

    public Authentication authentication() {
        return authentication;
    }

    /**
     * The BIN whose numbers the simulated issuer never issued: every one of them is declined {@code incorrect_number}.
     * What a card-testing attack's guessed numbers look like (payrail-bench {@code card-testing}).
     */
    public static final String NOT_ISSUED_BIN = "400099";

    public static TestCard forNumber(String digits) {
        TestCard listed = BY_NUMBER.get(digits);
        if (listed != null) {
            return listed;
        }
        return digits.startsWith(NOT_ISSUED_BIN) ? DECLINE_NOT_ISSUED : APPROVE;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    public String declineCode() {
        return declineCode;
    }
}
