package dev.payrail.core.ledger;

/**
 * The amounts a posting rule draws from, in minor units of one currency: {@code gross} (the amount that
 * moved) and {@code fee} (taken from it); {@code net} is what is left.
 */
public record PostingAmounts(long gross, long fee) {
    public PostingAmounts {
        if (gross < 0 || fee < 0 || fee > gross) {
            throw new IllegalArgumentException("need 0 <= fee <= gross, got gross " + gross + ", fee " + fee);
        }
    }

    public static PostingAmounts of(long gross) {
        return new PostingAmounts(gross, 0);
    }

    public long net() {
        return gross - fee;
    }

    long part(PostingRules.Part part) {
        return switch (part) {
            case GROSS -> gross;
            case FEE -> fee;
            case NET -> net();
        };
    }
}
