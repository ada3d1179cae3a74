package dev.payrail.core.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a comma-separated file as RFC 4180 says (quoted fields, doubled quotes, line breaks inside quotes),
 * one record at a time: memory does not grow with the file. The first line is the header; columns are
 * found by name (case and surrounding spaces ignored), so their order and extra columns do not matter.
 * Invalid UTF-8, a record with another number of fields than the header (a truncated last line), or an
 * unterminated quote is a {@link MalformedReportException} naming the line.
 */
public final class CsvReader implements AutoCloseable {
    private final InputStream in;
    private final Map<String, Integer> columns = new HashMap<>();
    private final List<String> header;
    private long line;
    private long nextLine = 1;
    /** Characters read ahead and given back (a low surrogate, the character after a CR), last in first out. */
    private final int[] pushed = new int[2];
    private int pushedCount;

    /** One record: its line and its fields by column. */
    public record Record(long line, List<String> fields, Map<String, Integer> columns) {
        /** The field of {@code column}, or empty when the file has no such column or the field is blank. */
        public Optional<String> get(String column) {
            Integer index = columns.get(normalize(column));
            if (index == null) {
                return Optional.empty();
            }
            String value = fields.get(index).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        public String require(String column) {
            return get(column).orElseThrow(() -> new MalformedReportException(line, "'" + column + "' is empty"));
        }
    }

    public CsvReader(InputStream bytes) {
        this.in = new java.io.BufferedInputStream(bytes, 1 << 16);
        List<String> first = readFields();
        if (first == null) {
            throw new MalformedReportException(1, "the file is empty");
        }
        header = first;
        for (int i = 0; i < first.size(); i++) {
            columns.put(normalize(first.get(i)), i);
        }
    }

    /** Fails on line 1 naming every required column the header lacks (a wrong delimiter lacks them all). */
    public void requireColumns(Set<String> required) {
        List<String> missing = required.stream().filter(c -> !columns.containsKey(normalize(c))).sorted().toList();
        if (!missing.isEmpty()) {
            throw new MalformedReportException(1, "missing required columns " + missing + " (is the delimiter a comma?)");
        }
    }

    public boolean hasColumn(String column) {
        return columns.containsKey(normalize(column));
    }

    /** The next record, or null at the end of the file. */
    public Record next() {
        List<String> fields = readFields();
        if (fields == null) {
            return null;
        }
        if (fields.size() != header.size()) {
            throw new MalformedReportException(line, "has " + fields.size() + " fields, the header " + header.size()
                    + " (truncated or misaligned line)");
        }
        return new Record(line, fields, columns);
    }

    private List<String> readFields() {
        try {
            int c = read();
            while (c == '\n' || c == '\r') { // blank lines between records are skipped
                if (c == '\n') {
                    nextLine++;
                }
                c = read();
            }
            if (c == -1) {
                return null;
            }
            line = nextLine;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStarted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new MalformedReportException(line, "a quoted field is never closed");
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = after;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            nextLine++;
                        }
                        field.append((char) c);
                    }
                } else if (c == '"' && !fieldStarted) {
                    quoted = true;
                    fieldStarted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStarted = false;
                } else if (c == '\n' || c == '\r' || c == -1) {
                    if (c == '\r') {
                        int after = read();
                        if (after != '\n') {
                            pushBack(after);
                        }
                    }
                    if (c != -1) {
                        nextLine++;
                    }
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append((char) c);
                    fieldStarted = true;
                }
                c = read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next character, decoded from UTF-8 here rather than by a Reader so that invalid bytes are reported
     * on the line they are on (a Reader decodes a whole buffer ahead). Characters outside the Basic
     * Multilingual Plane come as two surrogates.
     */
    private int read() throws IOException {
        if (pushedCount > 0) {
            return pushed[--pushedCount];
        }
        int b = in.read();
        if (b < 0x80) {
            return b; // ASCII, or -1 at the end
        }
        int extra;
        int codePoint;
        if ((b & 0xE0) == 0xC0) {
            extra = 1;
            codePoint = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            extra = 2;
            codePoint = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            extra = 3;
            codePoint = b & 0x07;
        } else {
            throw notUtf8();
        }
        for (int i = 0; i < extra; i++) {
            int next = in.read();
            if (next < 0 || (next & 0xC0) != 0x80) {
                throw notUtf8();
            }
            codePoint = (codePoint << 6) | (next & 0x3F);
        }
        boolean overlong = (extra == 1 && codePoint < 0x80) || (extra == 2 && codePoint < 0x800) || (extra == 3 && codePoint < 0x10000);
        if (overlong || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw notUtf8();
        }
        if (codePoint >= 0x10000) {
            pushBack(Character.lowSurrogate(codePoint));
            return Character.highSurrogate(codePoint);
        }
        return codePoint;
    }

    private MalformedReportException notUtf8() {
        return new MalformedReportException(nextLine, "is not valid UTF-8 (is the file in another encoding?)");
    }

    private void pushBack(int c) {
        pushed[pushedCount++] = c;
    }

    static String normalize(String column) {
        String stripped = column.strip();
        if (!stripped.isEmpty() && stripped.charAt(0) == '\uFEFF') { // a byte-order mark before the first column
            stripped = stripped.substring(1).strip();
        }
        return stripped.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
