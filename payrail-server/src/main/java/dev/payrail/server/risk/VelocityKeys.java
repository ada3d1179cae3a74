package dev.payrail.server.risk;

import dev.payrail.core.risk.Velocity;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one authorization attempt is counted under: its card's fingerprint, the customer's IP address and email, the
 * Payrail customer, the card's BIN (any may be absent). An email is counted lower case.
 */
public record VelocityKeys(String cardFingerprint, String ipAddress, String email, String customer, String bin) {

    static VelocityKeys of(dev.payrail.core.risk.RiskSignals signals) {
        return new VelocityKeys(signals.cardFingerprint(), signals.ipAddress(), signals.email(), signals.customer(),
                signals.cardBin());
    }

    /** The keys of the attempt whose facts these are: a decline is counted under what its attempt was. */
    static VelocityKeys of(dev.payrail.core.risk.RiskFacts facts) {
        return new VelocityKeys(string(facts, "card_fingerprint"), string(facts, "ip_address"), string(facts, "email"),
                string(facts, "customer"), string(facts, "card_bin"));
    }

    private static String string(dev.payrail.core.risk.RiskFacts facts, String attribute) {
        return (String) facts.value(attribute).orElse(null);
    }

    Map<Velocity.Kind, String> present() {
        Map<Velocity.Kind, String> keys = new EnumMap<>(Velocity.Kind.class);
        put(keys, Velocity.Kind.CARD, cardFingerprint);
        put(keys, Velocity.Kind.IP, ipAddress);
        put(keys, Velocity.Kind.EMAIL, email == null ? null : email.strip().toLowerCase(Locale.ROOT));
        put(keys, Velocity.Kind.CUSTOMER, customer);
        put(keys, Velocity.Kind.BIN, bin);
        return keys;
    }

    private static void put(Map<Velocity.Kind, String> keys, Velocity.Kind kind, String value) {
        if (value != null && !value.isBlank()) {
            keys.put(kind, value.strip());
        }
    }
}
