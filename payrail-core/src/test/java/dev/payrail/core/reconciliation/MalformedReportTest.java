package dev.payrail.core.reconciliation;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files that are not what their format says are refused with the line that shows it. */
class MalformedReportTest {
    private static final String HEADER = "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,source_id\n";
    private static final String GOOD = "txn_1,2026-11-22 10:00:00,usd,10.00,0.25,9.75,charge,ch_1\n";

    @Test
    void a_well_formed_report_reads_whole() {
        List<SettlementRow> rows = readAll(HEADER + GOOD + "\n" + "txn_2,2026-11-22 10:00:00,jpy,1000,15,985,charge,ch_2\r\n");

        assertThat(rows).extracting(SettlementRow::gross).containsExactly(1_000L, 1_000L);
        assertThat(rows.get(1).line()).as("the blank line counts").isEqualTo(4);
        assertThat(rows.get(0).net()).isEqualTo(975);
    }

    @Test
    void a_wrong_delimiter_or_a_missing_column_fails_on_the_header() {
        assertThatThrownBy(() -> readAll(HEADER.replace(',', ';') + GOOD.replace(',', ';')))
                .isInstanceOf(MalformedReportException.class).hasMessageStartingWith("line 1:").hasMessageContaining("delimiter");
        assertThatThrownBy(() -> readAll(HEADER.replace(",fee", "") + GOOD))
                .hasMessageStartingWith("line 1:").hasMessageContaining("[fee]");
        assertThatThrownBy(() -> readAll("")).hasMessageContaining("empty");
    }

    @Test
    void bad_rows_name_their_line() {
        assertThat(line(HEADER + GOOD + "txn_2,2026-11-22 10:00:00,usd,ten,0,10,charge,ch_2\n")).isEqualTo(3);
        assertThat(line(HEADER + GOOD + GOOD + "txn_3,2026-11-22 10:00:00,usd,1.005,0,1,charge,ch_3\n"))
                .as("more decimals than USD has").isEqualTo(4);
        assertThat(line(HEADER + GOOD + "txn_2,2026-11-22 10:00:00,usd,10.00,0.25")).as("a truncated last line").isEqualTo(3);
        assertThat(line(HEADER + "txn_1,yesterday,usd,10.00,0.25,9.75,charge,ch_1\n")).isEqualTo(2);
        assertThat(line(HEADER + "txn_1,2026-11-22 10:00:00,xyz,10.00,0.25,9.75,charge,ch_1\n")).isEqualTo(2);
        assertThat(line(HEADER + GOOD + "txn_2,2026-11-22 10:00:00,usd,\"10.00,0.25,9.75,charge,ch_2\n"))
                .as("a quote never closed").isEqualTo(3);
    }

    @Test
    void bytes_that_are_not_utf8_are_refused_with_their_line() {
        byte[] latin1 = (HEADER + GOOD + "txn_2,2026-11-22 10:00:00,usd,10.00,0.25,9.75,charge,caf\u00e9\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> readAll(latin1)).isInstanceOf(MalformedReportException.class)
                .hasMessageContaining("UTF-8").satisfies(e -> assertThat(((MalformedReportException) e).line()).isEqualTo(3));
    }

    @Test
    void quoted_fields_may_hold_commas_quotes_and_line_breaks() {
        List<SettlementRow> rows = readAll("description," + HEADER
                + "\"He said \"\"refund\"\", then,\nleft\",txn_1,2026-11-22 10:00:00,usd,10.00,0.25,9.75,charge,ch_1\n" + GOOD.replace("txn_1", "\"\",txn_9"));

        assertThat(rows).extracting(SettlementRow::rowId).containsExactly("txn_1", "txn_9");
        assertThat(rows.get(1).line()).as("the quoted line break moved the next record").isEqualTo(4);
    }

    @Test
    void characters_beyond_the_basic_plane_survive_a_bare_carriage_return_before_them() {
        String csv = "description,id\r\ncaf\u00e9,1\r\uD83D\uDE00,2\n"; // a bare CR (old Mac line end) right before it
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.next().get("description")).contains("caf\u00e9");
            assertThat(reader.next().get("description")).contains("\uD83D\uDE00");
            assertThat(reader.next()).isNull();
        }
    }

    private static long line(String csv) {
        try {
            readAll(csv);
        } catch (MalformedReportException e) {
            return e.line();
        }
        throw new AssertionError("accepted a malformed report");
    }

    private static List<SettlementRow> readAll(String csv) {
        return readAll(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<SettlementRow> readAll(byte[] bytes) {
        List<SettlementRow> rows = new ArrayList<>();
        try (SettlementReportReader reader = ReportFormat.STRIPE_PAYOUT_RECONCILIATION.open(new ByteArrayInputStream(bytes))) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }
}
