package dev.payrail.core.ledger;

/**
 * The chart of accounts. Each account is one of these for one owner (a merchant, a provider, or the
 * platform) in one currency. {@link #normalSide} is the side on which the account grows: assets grow by
 * debits, what Payrail owes or has earned grows by credits.
 */
public enum AccountType {
    /** Captured funds owed to the merchant, not yet settled to available. */
    MERCHANT_PENDING(Owner.MERCHANT, Side.CREDIT),
    /** Funds owed to the merchant that may be paid out. */
    MERCHANT_AVAILABLE(Owner.MERCHANT, Side.CREDIT),
    /** What a provider holds for Payrail: captured money not yet paid out or returned. */
    PROVIDER_RECEIVABLE(Owner.PROVIDER, Side.DEBIT),
    /** Payrail's fees, earned at capture and on disputes. */
    PLATFORM_FEE_REVENUE(Owner.PLATFORM, Side.CREDIT),
    /** The provider's own fees, booked when its settlement report states them. */
    PROVIDER_FEES(Owner.PROVIDER, Side.DEBIT),
    /** Refunds taken from the merchant and sent to the provider, not yet confirmed. */
    REFUNDS_IN_FLIGHT(Owner.MERCHANT, Side.CREDIT),
    /** Disputed amounts withdrawn from the merchant while the dispute is open. */
    DISPUTES(Owner.MERCHANT, Side.CREDIT),
    /** Payouts on their way to the merchant's bank. */
    PAYOUTS_IN_TRANSIT(Owner.MERCHANT, Side.CREDIT);

    /** Whose account it is. */
    public enum Owner { MERCHANT, PROVIDER, PLATFORM }

    private final Owner owner;
    private final Side normalSide;

    AccountType(Owner owner, Side normalSide) {
        this.owner = owner;
        this.normalSide = normalSide;
    }

    public Owner owner() {
        return owner;
    }

    public Side normalSide() {
        return normalSide;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
