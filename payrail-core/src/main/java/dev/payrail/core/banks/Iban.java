package dev.payrail.core.banks;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An International Bank Account Number (ISO 13616): two letters of country, two check digits (mod 97), and the
 * country's fixed-length account number. {@link #toString()} is masked: the number never reaches a log line.
 */
public final class Iban {
    /** The lengths of the SEPA countries Payrail takes debits from. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("DE", 22), Map.entry("ES", 24), Map.entry("FI", 18),
            Map.entry("FR", 27), Map.entry("IE", 22), Map.entry("IT", 27), Map.entry("LU", 20), Map.entry("NL", 18),
            Map.entry("PT", 25));

    private final String value;

    private Iban(String value) {
        this.value = value;
    }

    /** The IBAN in {@code raw} (spaces allowed, any case), if it is one of a SEPA country with valid check digits. */
    public static Optional<Iban> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String compact = raw.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!compact.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}")) {
            return Optional.empty();
        }
        Integer length = LENGTHS.get(compact.substring(0, 2));
        if (length == null || compact.length() != length || !checks(compact)) {
            return Optional.empty();
        }
        return Optional.of(new Iban(compact));
    }

    /** ISO 7064 mod 97-10: the account number with its first four characters moved to the end, letters as 10..35. */
    static boolean checks(String compact) {
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** An IBAN-like run in free text: two letters, two digits, then letters and digits, grouped by spaces or not. */
    private static final java.util.regex.Pattern IN_TEXT = java.util.regex.Pattern.compile(
            "\\b[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){10,30}\\b");

    /** Whether {@code text} holds a valid IBAN (of a country Payrail takes), grouped or not. */
    public static boolean appearsIn(String text) {
        java.util.regex.Matcher m = IN_TEXT.matcher(text);
        while (m.find()) {
            if (ibanPrefixOf(m.group()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every valid IBAN in it masked ({@link #toString()}): for log lines. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String run = m.group();
            String masked = ibanPrefixOf(run).map(prefix -> parse(prefix).orElseThrow() + run.substring(prefix.length()))
                    .orElse(run);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(masked));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The longest start of the run that is an IBAN (the run may take in words that follow it after a space). */
    private static Optional<String> ibanPrefixOf(String run) {
        for (String candidate = run; candidate.length() >= 14; ) {
            if (parse(candidate).isPresent()) {
                return Optional.of(candidate);
            }
            int space = candidate.lastIndexOf(' ');
            if (space < 0) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, space);
        }
        return Optional.empty();
    }

    /** The whole number, for the vault and a provider request only. */
    public String value() {
        return value;
    }

    public String country() {
        return value.substring(0, 2);
    }

    public String last4() {
        return value.substring(value.length() - 4);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Iban iban && iban.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Masked: the country and the last four characters. */
    @Override
    public String toString() {
        return country() + "*".repeat(value.length() - 6) + last4();
    }
}
