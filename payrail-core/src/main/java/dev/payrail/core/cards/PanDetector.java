package dev.payrail.core.cards;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what looks like a card number in free text: a run of 13 to 19 digits, possibly grouped by single
 * spaces or dashes, that passes the Luhn check. Used to mask log lines and to scan logs, tables and events
 * for leaks. A digit run inside a longer run does not count (an id with 25 digits is not a card).
 */
public final class PanDetector {
    /** 13–19 digits, with single spaces or dashes between digits, not touching other digits. */
    private static final Pattern CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    private PanDetector() {
    }

    /** The card-number-like runs in {@code text}, digits only. */
    public static List<String> find(String text) {
        List<String> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            if (digits.length() >= 13 && digits.length() <= 19 && CardNumber.passesLuhn(digits)) {
                found.add(digits);
            }
        }
        return found;
    }

    /** {@code text} with every card-number-like run replaced by its first six and last four digits around stars. */
    public static String mask(String text) {
        if (text == null || text.length() < 13) {
            return text;
        }
        Matcher m = CANDIDATE.matcher(text);
        StringBuilder masked = null;
        int last = 0;
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            if (digits.length() < 13 || digits.length() > 19 || !CardNumber.passesLuhn(digits)) {
                continue;
            }
            if (masked == null) {
                masked = new StringBuilder(text.length());
            }
            masked.append(text, last, m.start())
                    .append(digits, 0, 6).append("*".repeat(digits.length() - 10)).append(digits.substring(digits.length() - 4));
            last = m.end();
        }
        return masked == null ? text : masked.append(text, last, text.length()).toString();
    }
}
