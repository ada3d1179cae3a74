package dev.payrail.core.risk;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A merchant's block and allow lists: entries by what they name (a card fingerprint, an email, an IP address or CIDR
 * range, a BIN, a customer), each normalized when it is added so that a match does not depend on how it was typed,
 * and which entry, if any, a payment's facts match. An allow entry lets a payment past every block (a list's or a
 * rule's); a block entry refuses it before any provider is called.
 */
public final class RiskList {
    public enum Kind { ALLOW, BLOCK }

    /** What an entry names, and the attribute of the facts it is matched against. */
    public enum Type {
        CARD_FINGERPRINT("card_fingerprint"), EMAIL("email"), IP_ADDRESS("ip_address"), CARD_BIN("card_bin"), CUSTOMER("customer");

        private final String attribute;

        Type(String attribute) {
            this.attribute = attribute;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String attribute() {
            return attribute;
        }
    }

    /** One entry; an IP entry keeps its range parsed, so that matching never parses it again. */
    public record Entry(String id, Kind kind, Type type, String value, IpRange range) {
        public Entry {
            value = normalize(type, value);
            range = type == Type.IP_ADDRESS ? IpRange.parse(value) : null;
        }

        public Entry(String id, Kind kind, Type type, String value) {
            this(id, kind, type, value, null);
        }

        boolean matches(RiskFacts facts) {
            return matches(Given.of(facts));
        }

        private boolean matches(Given given) {
            return switch (type) {
                case IP_ADDRESS -> given.ip != null && range.contains(given.ip);
                case EMAIL -> value.equals(given.email);
                case CARD_BIN -> given.bin != null && given.bin.startsWith(value);   // an 8-digit entry names part of a 6-digit range
                case CARD_FINGERPRINT -> value.equals(given.fingerprint);
                case CUSTOMER -> value.equals(given.customer);
            };
        }
    }

    /** The facts an entry is matched against, read and normalized once per payment, not once per entry. */
    private record Given(byte[] ip, String email, String bin, String fingerprint, String customer) {
        static Given of(RiskFacts facts) {
            byte[] ip = facts.value("ip_address").map(Object::toString).flatMap(IpRange::addressOf).orElse(null);
            String email = facts.value("email").map(e -> e.toString().strip().toLowerCase(Locale.ROOT)).orElse(null);
            return new Given(ip, email, text(facts, "card_bin"), text(facts, "card_fingerprint"), text(facts, "customer"));
        }

        private static String text(RiskFacts facts, String attribute) {
            return facts.value(attribute).map(Object::toString).orElse(null);
        }
    }

    private RiskList() {
    }

    /**
     * The value as the list keeps it, or {@link IllegalArgumentException} saying why it cannot be one: an email lower
     * case, an IP range in canonical form, a BIN of six to eight digits.
     */
    public static String normalize(Type type, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > 320) {
            throw new IllegalArgumentException("a list entry's value is 1 to 320 characters");
        }
        return switch (type) {
            case EMAIL -> {
                String email = v.toLowerCase(Locale.ROOT);
                if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    throw new IllegalArgumentException("'" + value + "' is not an email address");
                }
                yield email;
            }
            case IP_ADDRESS -> IpRange.parse(v).text();
            case CARD_BIN -> {
                if (!v.matches("\\d{6,8}")) {
                    throw new IllegalArgumentException("a BIN is six to eight digits");
                }
                yield v;
            }
            default -> v;
        };
    }

    /** The first allow entry the facts match, else the first block entry, else none. */
    public static Optional<Entry> match(List<Entry> entries, RiskFacts facts) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Given given = Given.of(facts);
        for (Kind kind : List.of(Kind.ALLOW, Kind.BLOCK)) {
            for (Entry entry : entries) {
                if (entry.kind() == kind && entry.matches(given)) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }
}
