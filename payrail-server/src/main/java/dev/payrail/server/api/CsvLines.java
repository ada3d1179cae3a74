package dev.payrail.server.api;

import java.util.Collection;

/** One CSV line (RFC 4180): a field is quoted only when it holds a comma, a quote or a line break. */
public final class CsvLines {
    private CsvLines() {
    }

    public static String of(Collection<?> fields) {
        StringBuilder line = new StringBuilder();
        for (Object value : fields) {
            if (line.length() > 0) {
                line.append(',');
            }
            String text = value == null ? "" : value.toString();
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                text = "\"" + text.replace("\"", "\"\"") + "\"";
            }
            line.append(text);
        }
        return line.toString();
    }
}
