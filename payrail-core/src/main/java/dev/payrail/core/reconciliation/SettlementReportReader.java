package dev.payrail.core.reconciliation;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** The rows of one report, read one at a time; a malformed row throws {@link MalformedReportException}. */
public final class SettlementReportReader implements Iterator<SettlementRow>, AutoCloseable {
    private final CsvReader csv;
    private final ReportFormat format;
    private CsvReader.Record pending;

    SettlementReportReader(CsvReader csv, ReportFormat format) {
        this.csv = csv;
        this.format = format;
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = csv.next();
        }
        return pending != null;
    }

    @Override
    public SettlementRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CsvReader.Record record = pending;
        pending = null;
        return format.row(record);
    }

    @Override
    public void close() {
        csv.close();
    }
}
