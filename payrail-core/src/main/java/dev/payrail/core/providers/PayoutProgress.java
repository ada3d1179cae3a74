package dev.payrail.core.providers;

/** What a provider says of a payout it accepted: still travelling, arrived, or returned (with why). */
public record PayoutProgress(Stage stage, String failureCode) {
    public enum Stage { IN_TRANSIT, PAID, FAILED, UNKNOWN }

    public static PayoutProgress unknown() {
        return new PayoutProgress(Stage.UNKNOWN, null);
    }
}
