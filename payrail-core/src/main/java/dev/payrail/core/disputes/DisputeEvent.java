package dev.payrail.core.disputes;

import java.util.Locale;

/** What can happen to a dispute: from the provider (escalate, win, lose) or from the merchant (submit, accept). */
public enum DisputeEvent {
    /** The inquiry became a chargeback: funds are withdrawn now. */
    ESCALATE,
    /** The merchant submitted its evidence. */
    SUBMIT_EVIDENCE,
    /** The issuer decided for the merchant. */
    WIN,
    /** The issuer decided for the cardholder. */
    LOSE,
    /** The merchant accepted the dispute (closed it without contest). */
    ACCEPT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
