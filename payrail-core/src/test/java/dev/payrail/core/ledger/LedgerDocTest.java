package dev.payrail.core.ledger;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/ledger.md shows exactly the posting table of the code, between its two markers. */
class LedgerDocTest {
    private static final String START = "<!-- posting-table:start (rendered by PostingRules.markdownTable; LedgerDocTest keeps it equal) -->\n";
    private static final String END = "<!-- posting-table:end -->";

    @Test
    void the_posting_table_in_the_docs_is_the_one_in_the_code() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "ledger.md"));
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        assertThat(start).as("start marker").isNotNegative();
        assertThat(end).as("end marker").isGreaterThan(start);

        assertThat(doc.substring(start + START.length(), end)).isEqualTo(PostingRules.markdownTable());
    }
}
