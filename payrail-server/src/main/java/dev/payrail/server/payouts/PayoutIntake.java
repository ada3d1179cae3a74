package dev.payrail.server.payouts;

import org.springframework.stereotype.Component;

/** Applies providers' payout notifications (Adyen's outcome is known only this way). */
@Component
public class PayoutIntake {
    /** What became of a notification. */
    public enum Applied { APPLIED, ALREADY_REFLECTED, UNKNOWN_PAYOUT }

    private final PayoutCommands commands;

    PayoutIntake(PayoutCommands commands) {
        this.commands = commands;
    }

    public Applied apply(String provider, PayoutNotice notice) {
        return commands.applyNotice(provider, notice);
    }
}
