package dev.payrail.core.payments;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A refund's lifecycle, with its own small transition table: pending, then succeeded or failed, for good. */
public enum RefundStatus {
    PENDING,
    SUCCEEDED,
    FAILED;

    private static final Map<RefundStatus, Set<RefundStatus>> NEXT = Map.of(
            PENDING, Set.of(SUCCEEDED, FAILED),
            SUCCEEDED, Set.of(),
            FAILED, Set.of());

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static java.util.Optional<RefundStatus> fromWireName(String wire) {
        return java.util.Arrays.stream(values()).filter(s -> s.wireName().equals(wire)).findFirst();
    }

    public boolean canMoveTo(RefundStatus next) {
        return NEXT.get(this).contains(next);
    }

    public RefundStatus requireMoveTo(RefundStatus next) {
        if (!canMoveTo(next)) {
            throw new PaymentRuleException("refund_state_invalid",
                    "This refund is " + wireName() + "; it cannot become " + next.wireName() + ".");
        }
        return next;
    }
}
